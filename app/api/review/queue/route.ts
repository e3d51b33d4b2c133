import { requireAccess } from '../../../../lib/auth/guard';
import { errorResponse } from '../../../../lib/http';
import { listReviewQueue } from '../../../../lib/services/review/list-review-queue';

export const dynamic = 'force-dynamic';

/** GET ?status=pending|accepted|rejected&inspectionId=&limit= → { items, counts }. */
export async function GET(req: Request) {
  const q = new URL(req.url).searchParams;
  try {
    const { ctx } = await requireAccess(req, 'review:write');
    const limit = q.get('limit');
    const result = await listReviewQueue(ctx, {
      status: (q.get('status') ?? undefined) as never,
      inspectionId: q.get('inspectionId') ?? undefined,
      limit: limit === null ? undefined : Number(limit),
    });
    return Response.json(result);
  } catch (err) {
    return errorResponse(err);
  }
}
