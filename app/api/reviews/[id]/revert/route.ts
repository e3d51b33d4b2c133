import { getContext } from '../../../../../lib/runtime';
import { errorResponse } from '../../../../../lib/http';
import { actorFromRequest } from '../../../../../lib/services/review/actor';
import { revertReview } from '../../../../../lib/services/review/revert-review';

export const dynamic = 'force-dynamic';

/** POST → undo that decision (409 when a later decision superseded it). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const ctx = await getContext();
    return Response.json(await revertReview(ctx, { reviewId: id, actor: actorFromRequest(req) }));
  } catch (err) {
    return errorResponse(err);
  }
}
