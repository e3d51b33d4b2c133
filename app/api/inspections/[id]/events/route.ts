import { requireAccess } from '../../../../../lib/auth/guard';
import { getInspection } from '../../../../../lib/services/inspections/get-inspection';
import { errorResponse } from '../../../../../lib/http';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

/**
 * Server-sent progress events. One cheap query per second per open page, sent only
 * when something changed; the stream ends when the inspection is done or failed.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let ctx: Awaited<ReturnType<typeof requireAccess>>['ctx'];
  try {
    ({ ctx } = await requireAccess(req, 'inspection:read'));
    await getInspection(ctx, id);
  } catch (err) {
    return errorResponse(err);
  }
  const enc = new TextEncoder();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream({
    async start(controller) {
      let last = '';
      const tick = async () => {
        try {
          const { progress } = await getInspection(ctx, id);
          const json = JSON.stringify(progress);
          if (json !== last) {
            controller.enqueue(enc.encode(`data: ${json}\n\n`));
            last = json;
          } else {
            controller.enqueue(enc.encode(': keep-alive\n\n'));
          }
          if (progress.status === 'done' || progress.status === 'failed') return controller.close();
          timer = setTimeout(tick, 1000);
        } catch (err) {
          controller.error(err);
        }
      };
      req.signal.addEventListener('abort', () => clearTimeout(timer));
      await tick();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return new Response(stream, {
    headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' },
  });
}
