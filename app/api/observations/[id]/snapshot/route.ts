import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../lib/http';
import { NotFoundError } from '../../../../../lib/services/errors';
import { getObservation } from '../../../../../lib/services/observations/list-observations';

export const dynamic = 'force-dynamic';

/**
 * The annotated snapshot (heatmap, box, caption) the analysis wrote for a model observation.
 * Manual observations have none (404): the UI shows the normalized best frame instead.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { ctx } = await requireAccess(req, 'inspection:read');
    const obs = await getObservation(ctx, id);
    if (!obs.snapshotKey) throw new NotFoundError('Snapshot');
    // The path is derived from ids, never from the stored key, so a tampered row cannot point outside the store.
    const buf = await ctx.store.read(ctx.store.snapshotPath(obs.inspectionId, obs.id));
    if (!buf) throw new NotFoundError('Snapshot');
    return new Response(new Uint8Array(buf), { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400, immutable' } });
  } catch (err) {
    return errorResponse(err);
  }
}
