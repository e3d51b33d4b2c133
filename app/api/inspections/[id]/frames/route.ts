import { requireAccess } from '../../../../../lib/auth/guard';
import { getInspection } from '../../../../../lib/services/inspections/get-inspection';
import { listFrames } from '../../../../../lib/services/inspections/list-frames';
import { errorResponse } from '../../../../../lib/http';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const url = new URL(req.url);
  try {
    const { ctx } = await requireAccess(req, 'inspection:read');
    await getInspection(ctx, id);
    const rows = await listFrames(ctx, id, { from: Number(url.searchParams.get('from') ?? 0) || 0, limit: Number(url.searchParams.get('limit') ?? 200) || 200 });
    return Response.json({
      frames: rows.map((f) => ({ index: f.frameIndex, t: f.tS, distanceM: f.distanceM, before: f.before, after: f.after })),
    });
  } catch (err) {
    return errorResponse(err);
  }
}
