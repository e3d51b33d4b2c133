import { JOB_NAMES, JobPayloads, type JobName, type JobOutcome } from '../lib/jobs/names';
import { RETRY_LIMIT } from '../lib/jobs/queue';
import type { ServiceContext } from '../lib/services/context';
import { HANDLERS, assertHandlersComplete, type JobHandler } from './registry';
import { holdLease, startLeaseSweeper } from './lease-keeper';
import { startJobLoop } from './job-loop';
import { startHeartbeat } from './heartbeat';
import { errorMessage } from '../lib/util/error-message';

export interface WorkerHandle {
  /** Stops fetching and waits for the jobs in hand to finish. */
  stop(): Promise<void>;
  /** Last time a job started or ended here. */
  lastHeartbeat(): Date;
  /** Last time this worker's heartbeat row reached the database (null: never). */
  lastHeartbeatWritten(): Date | null;
  stats(): { active: number; done: number };
}

/**
 * Serve every queue. A handler's thrown error is retried by pg-boss (transient: DB down,
 * I/O); errors meant for the user are recorded on the inspection by the services and
 * returned as 'failed'. Neither, nor a database restart, ever stops the worker.
 */
export async function startWorker(ctx: ServiceContext, opts: { concurrency?: number; log?: (s: string) => void; kind?: 'process' | 'embedded' } = {}): Promise<WorkerHandle> {
  assertHandlersComplete();
  const log = opts.log ?? ((s: string) => console.log(s));
  let heartbeat = new Date();
  const counts = { active: 0, done: 0 };
  const beat = startHeartbeat(ctx, opts.kind ?? 'process', () => ({ ...counts }), log);
  // Every worker sweeps for jobs whose worker died (kill -9, OOM) and re-queues them.
  const sweeper = startLeaseSweeper(ctx, log);
  const loops = JOB_NAMES.map((name) => {
    const handler = HANDLERS[name] as JobHandler<JobName>;
    return startJobLoop({
      queue: ctx.queue,
      name,
      slots: opts.concurrency ?? 1,
      pollMs: 500,
      log,
      async run(job) {
        heartbeat = new Date();
        const payload = JobPayloads[name].parse(job.data);
        const lastAttempt = job.retryCount >= (job.retryLimit || RETRY_LIMIT);
        const t0 = Date.now();
        const lease = holdLease(ctx, { name, id: job.id, retryCount: job.retryCount }, log);
        let outcome: JobOutcome;
        counts.active++;
        try {
          outcome = await handler(ctx, payload as never, { jobId: job.id, lastAttempt });
        } catch (err) {
          log(`[worker] ${name} ${JSON.stringify(payload)} → error in ${Date.now() - t0} ms (${errorMessage(err)}); the queue retries it`);
          throw err;
        } finally {
          lease.release();
          counts.active--;
          counts.done++;
          heartbeat = new Date();
        }
        const why = outcome.status === 'done' ? '' : ` (${outcome.reason})`;
        log(`[worker] ${name} ${JSON.stringify(payload)} → ${outcome.status}${why} in ${Date.now() - t0} ms`);
        return outcome;
      },
    });
  });
  return {
    lastHeartbeat: () => heartbeat,
    lastHeartbeatWritten: () => beat.lastWritten(),
    stats: () => ({ ...counts }),
    async stop() {
      sweeper.stop();
      await Promise.all(loops.map((l) => l.stop()));
      await beat.stop();
    },
  };
}
