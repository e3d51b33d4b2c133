import { getContext } from '../../../../lib/runtime';
import { errorResponse } from '../../../../lib/http';
import { listRecentReviews } from '../../../../lib/services/review/list-reviews';

export const dynamic = 'force-dynamic';

/** GET ?actor=&limit= → the latest review decisions, newest first. */
export async function GET(req: Request) {
  const q = new URL(req.url).searchParams;
  try {
    const ctx = await getContext();
    const reviews = await listRecentReviews(ctx, { actor: q.get('actor') ?? undefined, limit: Number(q.get('limit') ?? 20) || 20 });
    return Response.json({ reviews });
  } catch (err) {
    return errorResponse(err);
  }
}
