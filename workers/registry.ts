import { JOB_NAMES, type JobName, type JobOutcome, type JobPayload } from '../lib/jobs/names';
import type { ServiceContext } from '../lib/services/context';
import { ingest } from './handlers/ingest';
import { processChunkHandler } from './handlers/process-chunk';
import { finalize } from './handlers/finalize';

export interface JobMeta {
  jobId: string;
  /** true when the queue will not retry this job again after a throw. */
  lastAttempt: boolean;
}

export type JobHandler<N extends JobName> = (ctx: ServiceContext, payload: JobPayload<N>, meta: JobMeta) => Promise<JobOutcome>;

/** One handler per job name, in one place. */
export const HANDLERS: { [N in JobName]: JobHandler<N> } = {
  ingest,
  'process-chunk': processChunkHandler,
  finalize,
};

/** Fails start-up when a job name has no handler (e.g. a new job added without one). */
export function assertHandlersComplete(handlers: Partial<Record<string, unknown>> = HANDLERS): void {
  const missing = JOB_NAMES.filter((n) => typeof handlers[n] !== 'function');
  if (missing.length) throw new Error(`no handler registered for job(s): ${missing.join(', ')}`);
}
