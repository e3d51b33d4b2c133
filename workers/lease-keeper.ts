import { LEASE, reclaimExpiredLeases, renewLease, type AttemptRef } from '../lib/jobs/lease';
import type { ServiceContext } from '../lib/services/context';
import { failInspection } from '../lib/services/ingest/fail-inspection';
import { errorMessage } from '../lib/util/error-message';

/**
 * The worker side of job leases (lib/jobs/lease.ts): a heartbeat while a handler runs,
 * and a sweep that hands dead workers' jobs back to the queue. A failed heartbeat or
 * sweep (database restarting) is logged and tried again on the next tick.
 */
export function holdLease(ctx: ServiceContext, attempt: AttemptRef, log: (s: string) => void): { release(): void } {
  let failing = false;
  const timer = setInterval(() => {
    renewLease(ctx.db, attempt).then(
      () => {
        if (failing) log(`[lease] ${attempt.name} ${attempt.id}: heartbeat restored`);
        failing = false;
      },
      (err: Error) => {
        if (!failing) log(`[lease] ${attempt.name} ${attempt.id}: heartbeat failed (${errorMessage(err)}); retrying`);
        failing = true;
      },
    );
  }, LEASE.HEARTBEAT_S * 1000);
  timer.unref();
  return { release: () => clearInterval(timer) };
}

export function startLeaseSweeper(ctx: ServiceContext, log: (s: string) => void): { stop(): void } {
  let busy = false;
  let failing = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      for (const job of await reclaimExpiredLeases(ctx.db, ctx.queue)) {
        const inspectionId = (job.data as { inspectionId?: string } | null)?.inspectionId;
        log(`[lease] reclaimed ${job.name} ${job.id} (${JSON.stringify(job.data)}): its worker stopped${job.exhausted ? '; no retry left' : '; retrying'}`);
        // A job that keeps killing its worker never returns 'failed' itself: record it here.
        if (job.exhausted && inspectionId) {
          await failInspection(ctx, inspectionId, `The ${job.name} step stopped its worker on every attempt (crash or out of memory); the inspection was not completed.`);
        }
      }
      if (failing) log('[lease] sweep works again');
      failing = false;
    } catch (err) {
      if (!failing) log(`[lease] sweep failed (${errorMessage(err)}); retrying every ${LEASE.SWEEP_EVERY_S} s`);
      failing = true;
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sweep(), LEASE.SWEEP_EVERY_S * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
