import { sql } from 'drizzle-orm';
import { workerHeartbeats } from '../../db/schema/worker-heartbeats';
import { queryRows } from '../../db/query-rows';
import { JOB_NAMES, type JobName } from '../../jobs/names';
import type { ServiceContext } from '../context';

/** A worker whose heartbeat is older than this is reported stale (it beats every 10 s). */
export const WORKER_STALE_AFTER_S = 60;

export interface QueueDepth {
  /** Waiting to run (new or waiting for a retry). */
  queued: number;
  active: number;
}

export interface WorkerStatus {
  id: string;
  kind: string;
  lastHeartbeat: string;
  ageS: number;
  stale: boolean;
  activeJobs: number;
  jobsDone: number;
}

export interface HealthReport {
  ok: boolean;
  mode: string;
  queues: Record<JobName, QueueDepth>;
  workers: WorkerStatus[];
  /** Live (non-stale) workers: 0 with queued work means nothing will progress. */
  liveWorkers: number;
}

/** Queue depth per job kind and the workers' heartbeats; throws when the database does not answer. */
export async function healthReport(ctx: ServiceContext, now = new Date()): Promise<HealthReport> {
  const counts = await queryRows<{ name: string; state: string; n: string | number }>(ctx.db, sql`
    select name, state, count(*) as n from pgboss.job
    where state in ('created', 'retry', 'active') group by name, state`);
  const queues = Object.fromEntries(JOB_NAMES.map((n) => [n, { queued: 0, active: 0 }])) as Record<JobName, QueueDepth>;
  for (const c of counts) {
    const q = queues[c.name as JobName];
    if (!q) continue;
    if (c.state === 'active') q.active += Number(c.n);
    else q.queued += Number(c.n);
  }
  const rows = await ctx.db.select().from(workerHeartbeats);
  const workers = rows.map((w) => {
    const ageS = Math.max(0, Math.round((now.getTime() - w.beatAt.getTime()) / 1000));
    return { id: w.id, kind: w.kind, lastHeartbeat: w.beatAt.toISOString(), ageS, stale: ageS > WORKER_STALE_AFTER_S, activeJobs: w.activeJobs, jobsDone: w.jobsDone };
  });
  return { ok: true, mode: ctx.config.mode, queues, workers, liveWorkers: workers.filter((w) => !w.stale).length };
}
