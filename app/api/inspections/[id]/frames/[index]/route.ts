import { requireAccess } from '../../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../../lib/http';
import { NotFoundError } from '../../../../../../lib/services/errors';
import { frameImage } from '../../../../../../lib/services/frames/frame-image';

export const dynamic = 'force-dynamic';

/** A frame image: ?variant=norm (default, normalized; rendered on first request) or raw (as decoded). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; index: string }> }) {
  const { id, index } = await params;
  const variant = new URL(req.url).searchParams.get('variant') === 'raw' ? 'raw' : 'norm';
  try {
    if (!/^[0-9a-f-]{36}$/i.test(id) || !/^\d{1,9}$/.test(index)) throw new NotFoundError('Frame');
    const { ctx } = await requireAccess(req, 'inspection:read');
    const buf = await frameImage(ctx, id, Number(index), variant);
    if (!buf) throw new NotFoundError('Frame');
    return new Response(new Uint8Array(buf), { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, max-age=86400, immutable' } });
  } catch (err) {
    return errorResponse(err);
  }
}
