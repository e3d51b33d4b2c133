import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../lib/http';
import { actorName } from '../../../../../lib/auth/session-user';
import { revertReview } from '../../../../../lib/services/review/revert-review';

export const dynamic = 'force-dynamic';

/** POST → undo that decision (409 when a later decision superseded it). */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { ctx, user } = await requireAccess(req, 'review:write');
    return Response.json(await revertReview(ctx, { reviewId: id, actor: actorName(user) }));
  } catch (err) {
    return errorResponse(err);
  }
}
