import os from 'node:os';
import { eq } from 'drizzle-orm';
import { workerHeartbeats } from '../lib/db/schema/worker-heartbeats';
import type { ServiceContext } from '../lib/services/context';
import { errorMessage } from '../lib/util/error-message';

export const HEARTBEAT_EVERY_S = 10;

/**
 * Writes this worker's row in worker_heartbeats every HEARTBEAT_EVERY_S (upsert), so the app's
 * /api/health can list live workers and a worker's own /health can tell a stuck process apart.
 * A failed write (database down) is logged and retried at the next tick; it never stops the worker.
 */
export function startHeartbeat(ctx: ServiceContext, kind: 'process' | 'embedded', stats: () => { active: number; done: number }, log: (s: string) => void) {
  const host = os.hostname();
  const id = `${host}:${process.pid}`;
  let lastOk: Date | null = null;
  let failing = false;
  const beat = async () => {
    const { active, done } = stats();
    try {
      await ctx.db
        .insert(workerHeartbeats)
        .values({ id, host, pid: process.pid, kind, activeJobs: active, jobsDone: done })
        .onConflictDoUpdate({ target: workerHeartbeats.id, set: { beatAt: new Date(), activeJobs: active, jobsDone: done } });
      lastOk = new Date();
      if (failing) log('[worker] heartbeat written again');
      failing = false;
    } catch (err) {
      if (!failing) log(`[worker] heartbeat write failed (${errorMessage(err)}); retrying every ${HEARTBEAT_EVERY_S} s`);
      failing = true;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), HEARTBEAT_EVERY_S * 1000);
  timer.unref();
  return {
    id,
    /** When the last heartbeat reached the database (null: never). */
    lastWritten: () => lastOk,
    async stop() {
      clearInterval(timer);
      await ctx.db.delete(workerHeartbeats).where(eq(workerHeartbeats.id, id)).catch(() => undefined);
    },
  };
}
