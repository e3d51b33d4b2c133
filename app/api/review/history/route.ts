import { requireAccess } from '../../../../lib/auth/guard';
import { errorResponse } from '../../../../lib/http';
import { listRecentReviews } from '../../../../lib/services/review/list-reviews';
import { actorName } from '../../../../lib/auth/session-user';

export const dynamic = 'force-dynamic';

/** GET ?mine=1|actor=&limit= → the latest review decisions, newest first (mine=1: the signed-in user's). */
export async function GET(req: Request) {
  const q = new URL(req.url).searchParams;
  try {
    const { ctx, user } = await requireAccess(req, 'review:write');
    const actor = q.get('mine') === '1' ? actorName(user) : (q.get('actor') ?? undefined);
    const reviews = await listRecentReviews(ctx, { actor, limit: Number(q.get('limit') ?? 20) || 20 });
    return Response.json({ reviews });
  } catch (err) {
    return errorResponse(err);
  }
}
