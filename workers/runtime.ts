import { JOB_NAMES, JobPayloads, type JobName } from '../lib/jobs/names';
import { RETRY_LIMIT } from '../lib/jobs/queue';
import type { ServiceContext } from '../lib/services/context';
import { HANDLERS, assertHandlersComplete, type JobHandler } from './registry';

export interface WorkerHandle {
  stop(): Promise<void>;
  lastHeartbeat(): Date;
}

/**
 * Subscribe this process to every queue. A handler's thrown error is retried by
 * pg-boss (transient: DB down, I/O); errors meant for the user are recorded on the
 * inspection by the services and returned as 'failed' — they never crash the worker.
 */
export async function startWorker(ctx: ServiceContext, opts: { concurrency?: number; log?: (s: string) => void } = {}): Promise<WorkerHandle> {
  assertHandlersComplete();
  const log = opts.log ?? ((s: string) => console.log(s));
  let heartbeat = new Date();
  const ids: string[] = [];
  for (const name of JOB_NAMES) {
    const handler = HANDLERS[name] as JobHandler<JobName>;
    const id = await ctx.queue.work(
      name,
      { batchSize: 1, pollingIntervalSeconds: 0.5, includeMetadata: true, localConcurrency: opts.concurrency ?? 1 } as never,
      async (jobs: { id: string; data: unknown; retryCount?: number; retryLimit?: number }[]) => {
        for (const job of jobs) {
          heartbeat = new Date();
          const payload = JobPayloads[name].parse(job.data);
          const lastAttempt = (job.retryCount ?? 0) >= (job.retryLimit ?? RETRY_LIMIT);
          const t0 = Date.now();
          const outcome = await handler(ctx, payload as never, { jobId: job.id, lastAttempt });
          heartbeat = new Date();
          const why = outcome.status === 'done' ? '' : ` (${outcome.reason})`;
          log(`[worker] ${name} ${JSON.stringify(payload)} → ${outcome.status}${why} in ${Date.now() - t0} ms`);
        }
      },
    );
    ids.push(id);
  }
  return {
    lastHeartbeat: () => heartbeat,
    async stop() {
      for (const id of ids) await ctx.queue.offWork({ id } as never).catch(() => undefined);
    },
  };
}
