import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse, readJsonBody } from '../../../../../lib/http';
import { actorName } from '../../../../../lib/auth/session-user';
import { reviewObservation } from '../../../../../lib/services/review/review-observation';

export const dynamic = 'force-dynamic';

/** POST { action, code?, grade?, remark? } → { observation, review, ratings }; the reviewer comes from the cookie. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const body = await readJsonBody(req);
    const { ctx, user } = await requireAccess(req, 'review:write');
    const result = await reviewObservation(ctx, { ...(body as object), observationId: id, actor: actorName(user) } as never);
    return Response.json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
