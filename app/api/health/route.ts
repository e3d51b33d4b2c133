import { sql } from 'drizzle-orm';
import { getContext } from '../../../lib/runtime';
import { embeddedWorker } from '../../../workers/embedded';

export const dynamic = 'force-dynamic';

/** For load balancers: 200 when the database answers; includes queue depth and the embedded worker's heartbeat. */
export async function GET() {
  try {
    const ctx = await getContext();
    await ctx.db.execute(sql`select 1`);
    const worker = await embeddedWorker();
    const queued = await ctx.queue.getQueueSize('process-chunk').catch(() => null);
    return Response.json({ ok: true, mode: ctx.config.mode, queue: { 'process-chunk': queued }, worker: worker ? { lastHeartbeat: worker.lastHeartbeat() } : null });
  } catch (err) {
    return Response.json({ ok: false, error: (err as Error).message }, { status: 503 });
  }
}
