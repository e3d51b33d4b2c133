import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/db/query-rows';
import { LEASE, reclaimExpiredLeases, renewLease } from '../../lib/jobs/lease';
import { enqueue, RETRY_LIMIT } from '../../lib/jobs/queue';
import { makeTestContext, type TestContext } from './helpers/test-context';

/**
 * Job leases (lib/jobs/lease.ts) against pg-boss' real tables on PGlite: a job whose
 * worker stopped heart-beating is handed back for a retry, a heart-beating one is left
 * alone, and after the last retry it is reported as exhausted.
 */
let t: TestContext;
beforeAll(async () => {
  t = await makeTestContext('pglite');
});
afterAll(async () => t?.close());

const state = async (id: string) =>
  (await queryRows<{ state: string; retry_count: number }>(t.ctx.db, sql`select state, retry_count from pgboss.job where id = ${id}`))[0];
/** Pretend the attempt started, and last beat, `seconds` ago. */
const age = (id: string, seconds: number) =>
  t.ctx.db.execute(sql`update pgboss.job set started_on = now() - make_interval(secs => ${seconds}), output = null where id = ${id}`);
const fetchOne = async () => {
  const [job] = (await t.ctx.queue.fetch('finalize', { batchSize: 1, includeMetadata: true })) as unknown as { id: string; retryCount: number }[];
  return job;
};

describe('job leases', () => {
  it('reclaims a silent job, spares a beating one, and flags the last attempt as exhausted', async () => {
    const inspectionId = crypto.randomUUID();
    await enqueue(t.ctx.queue, 'finalize', { inspectionId });
    let job = await fetchOne();
    expect((await state(job.id)).state).toBe('active');

    // Started long ago but heart-beating now: not reclaimed.
    await age(job.id, LEASE.STALE_AFTER_S * 4);
    expect(await renewLease(t.ctx.db, { name: 'finalize', id: job.id, retryCount: job.retryCount })).toBe(true);
    expect(await reclaimExpiredLeases(t.ctx.db, t.ctx.queue)).toEqual([]);
    // A heartbeat from an older attempt does not hold the lease of this one.
    expect(await renewLease(t.ctx.db, { name: 'finalize', id: job.id, retryCount: job.retryCount + 1 })).toBe(false);

    for (let attempt = 0; attempt <= RETRY_LIMIT; attempt++) {
      await age(job.id, LEASE.STALE_AFTER_S + 5);
      const reclaimed = await reclaimExpiredLeases(t.ctx.db, t.ctx.queue);
      expect(reclaimed.map((r) => r.id)).toEqual([job.id]);
      // A second sweep right after finds nothing: the job is failed once, not twice.
      expect(await reclaimExpiredLeases(t.ctx.db, t.ctx.queue)).toEqual([]);
      const last = attempt === RETRY_LIMIT;
      expect(reclaimed[0].exhausted).toBe(last);
      expect(reclaimed[0].data).toEqual({ inspectionId });
      expect((await state(job.id)).state).toBe(last ? 'failed' : 'retry');
      if (last) break;
      // Retries wait out their backoff: make this one due. A second in the past, not now(): fetch
      // takes jobs with start_after < now(), and PGlite's clock can return the same instant twice.
      await t.ctx.db.execute(sql`update pgboss.job set start_after = now() - interval '1 second' where id = ${job.id}`);
      job = await fetchOne();
      expect(job.retryCount).toBe(attempt + 1);
    }
  });
});
