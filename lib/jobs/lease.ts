import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { queryRows } from '../db/query-rows';
import type { Queue } from './queue';
import { JOB_NAMES, type JobName } from './names';

/**
 * Job leases on top of pg-boss 10, which has no heartbeat: a job whose worker died
 * (kill -9, OOM, power loss) stays 'active' until its expiry, and the expiry must be
 * long enough for the slowest healthy job — minutes to hours. Instead, a running job
 * writes a heartbeat every HEARTBEAT_S into its own pg-boss row (`output`, which pg-boss
 * only overwrites when the job completes or fails), and every worker sweeps for active
 * jobs whose heartbeat is older than STALE_AFTER_S and fails them, so pg-boss retries
 * them (retry count and backoff as configured). A dead worker's job is retried within
 * ~STALE_AFTER_S + SWEEP_EVERY_S whatever the job's length; the pg-boss expiry stays as
 * the backstop for a live worker whose job hangs (lib/jobs/policy.ts).
 *
 * Handlers are idempotent (DESIGN.md), so a wrong call — a live worker stalled for longer
 * than the lease — costs a repeated job and one retry, not data.
 */
export const LEASE = Object.freeze({ HEARTBEAT_S: 5, STALE_AFTER_S: 30, SWEEP_EVERY_S: 5 });

/** pg-boss' default schema; lib/jobs/queue.ts does not change it. */
const JOB_TABLE = sql.raw('pgboss.job');
const names = sql.join(JOB_NAMES.map((n) => sql`${n}`), sql`, `);

export interface AttemptRef {
  name: JobName;
  id: string;
  /** pg-boss increments it on every fetch: it fences a heartbeat to this attempt. */
  retryCount: number;
}

/** Renew this attempt's lease; false when the job is no longer active (completed, failed, reclaimed). */
export async function renewLease(db: Db, a: AttemptRef): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(db, sql`
    update ${JOB_TABLE} set output = jsonb_build_object('heartbeatAt', now())
    where name = ${a.name} and id = ${a.id} and state = 'active' and retry_count = ${a.retryCount}
    returning id`);
  return rows.length > 0;
}

export interface ReclaimedJob {
  id: string;
  name: JobName;
  data: unknown;
  /** No retry left: pg-boss moves it to 'failed', and nothing will run it again. */
  exhausted: boolean;
}

/**
 * Fail every active job whose lease ran out, so that pg-boss retries it. The claim (a
 * fresh heartbeat) is one UPDATE, so two workers sweeping at once never fail a job twice.
 */
export async function reclaimExpiredLeases(db: Db, queue: Queue, staleAfterS = LEASE.STALE_AFTER_S): Promise<ReclaimedJob[]> {
  const rows = await queryRows<{ id: string; name: JobName; data: unknown; retry_count: number; retry_limit: number }>(db, sql`
    update ${JOB_TABLE} set output = jsonb_build_object('heartbeatAt', now(), 'reclaimedAt', now())
    where name in (${names}) and state = 'active'
      and coalesce((output->>'heartbeatAt')::timestamptz, started_on) < now() - make_interval(secs => ${staleAfterS})
    returning id, name, data, retry_count, retry_limit`);
  const out: ReclaimedJob[] = [];
  for (const r of rows) {
    await queue.fail(r.name, r.id, { message: `worker lost: no heartbeat for ${staleAfterS} s` });
    out.push({ id: r.id, name: r.name, data: r.data, exhausted: r.retry_count >= r.retry_limit });
  }
  return out;
}
