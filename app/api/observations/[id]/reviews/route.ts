import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../lib/http';
import { getObservation } from '../../../../../lib/services/observations/list-observations';
import { listReviews } from '../../../../../lib/services/review/list-reviews';

export const dynamic = 'force-dynamic';

/** GET → the observation's audit trail, newest first. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { ctx } = await requireAccess(req, 'inspection:read');
    await getObservation(ctx, id);
    return Response.json({ reviews: await listReviews(ctx, id) });
  } catch (err) {
    return errorResponse(err);
  }
}
