import fs from 'node:fs';
import { Readable } from 'node:stream';
import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../lib/http';
import { NotFoundError } from '../../../../../lib/services/errors';
import { getInspection } from '../../../../../lib/services/inspections/get-inspection';
import { parseRange, videoContentType } from './range';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/** The uploaded video, streamed from the file store, with Range support so the player can seek. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { ctx } = await requireAccess(req, 'inspection:read');
    const { inspection } = await getInspection(ctx, id);
    const file = ctx.store.videoPath(inspection.videoKey);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (!stat?.isFile()) throw new NotFoundError('Video');
    const size = stat.size;
    const headers: Record<string, string> = {
      'Content-Type': videoContentType(inspection.video?.formatName),
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, max-age=3600',
    };
    const range = parseRange(req.headers.get('range'), size);
    if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const length = size === 0 ? 0 : end - start + 1;
    const body = length === 0 ? null : (Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream<Uint8Array>);
    return new Response(body, {
      status: range ? 206 : 200,
      headers: { ...headers, 'Content-Length': String(length), ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
