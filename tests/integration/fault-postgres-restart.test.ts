import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../lib/db/query-rows';
import { createSegment } from '../../lib/services/segments/create-segment';
import { importVideo } from '../../lib/services/inspections/import-video';
import { tempDir } from '../fixtures/make-video';
import { makeTestContext, waitFor, type TestContext } from './helpers/test-context';
import { spawnWorker, stopWorker, type WorkerProcess } from './helpers/worker-process';
import { privatePostgresUnavailable, startPrivatePostgres, type PrivatePostgres } from './helpers/private-postgres';
import { faultSegment, frameIntegrity, makeFaultVideo, observationKeys, settledInspection, waitSettled } from './helpers/fault-fixtures';

/**
 * Stop PostgreSQL (fast shutdown: every connection is cut) in the middle of an analysis,
 * keep it down for a few seconds, start it again: the SAME worker process reconnects and
 * the inspection completes with every frame once and the clean run's observations.
 * The server is a private one (helpers/private-postgres.ts), so this is safe to run next
 * to other suites on the shared test server.
 */
const DOWN_MS = 5000;
const ENV = { SEWER_CHUNK_SECONDS: '10', SEWER_SAMPLE_FPS: '5' };
const dir = tempDir('sewer-fault-pg-');
const unavailable = privatePostgresUnavailable();
let video = '';
let pg: PrivatePostgres | undefined;
let t: TestContext | undefined;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  if (unavailable) {
    if (process.env.CI) throw new Error(`CI needs a private PostgreSQL for the restart test: ${unavailable}`);
    return;
  }
  video = await makeFaultVideo(dir);
  pg = await startPrivatePostgres();
  t = await makeTestContext('postgres', { ...ENV, DATABASE_URL: pg.url });
});
afterAll(async () => {
  await stopWorker(worker);
  await t?.close();
  pg?.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The test process loses its connections too: a failed poll is "not yet", not an error. */
const tolerant = <T>(fn: () => Promise<T>) => () => fn().catch(() => null);

describe('PostgreSQL stopped and restarted mid-analysis', () => {
  it('the worker survives, reconnects and finishes with correct counts', async (c) => {
    if (!t || !pg) return c.skip();
    const { ctx } = t;
    const seg = await createSegment(ctx, faultSegment('FAULT-PG'));
    worker = spawnWorker({ ...ENV, DATABASE_URL: pg.url, SEWER_DATA_DIR: t.dataDir });
    await worker.waitForLine(/\[worker\] pid/);

    const clean = await importVideo(ctx, { segmentId: seg.id, file: video, originalFilename: 'clean.mp4' });
    expect((await waitSettled(ctx, clean.id, 90_000)).status).toBe('done');

    const victim = await importVideo(ctx, { segmentId: seg.id, file: video, originalFilename: 'restart.mp4' });
    await waitFor(async () => {
      const rows = await queryRows<{ n: number }>(ctx.db, sql`
        select (select count(*)::int from frames f where f.inspection_id = c.inspection_id and f.t_s >= c.start_s and f.t_s < c.end_s) as n
        from inspection_chunks c where c.inspection_id = ${victim.id} and c.status = 'running'`);
      return rows.some((r) => r.n > 0);
    }, 60_000, 25);
    const linesBefore = worker.lines.length;
    const tStop = Date.now();
    pg.stop();
    await new Promise((r) => setTimeout(r, DOWN_MS));
    pg.start();
    const tUp = Date.now();

    const done = await waitFor(tolerant(() => settledInspection(ctx, victim.id)), 150_000, 500);
    const tDone = Date.now();
    expect(done.status, done.error ?? '').toBe('done');

    // The same process did the work: it never exited.
    const exited = await Promise.race([worker.exited, new Promise((r) => setTimeout(() => r(null), 10))]);
    expect(exited).toBeNull();
    const during = worker.lines.slice(linesBefore);
    expect(during.some((l) => /terminat|ECONNREFUSED|shutting down|Connection/i.test(l)), during.join('\n')).toBe(true);

    const integrity = await frameIntegrity(ctx, victim.id);
    expect(integrity.duplicates).toBe(0);
    expect(integrity.missing).toBe(0);
    expect(integrity.rows).toBe(integrity.framesExpected);
    const cleanObs = await observationKeys(ctx, clean.id);
    expect(cleanObs.length).toBeGreaterThan(0);
    expect(await observationKeys(ctx, victim.id)).toEqual(cleanObs);
    console.log(
      `postgres restart: down ${((tUp - tStop) / 1000).toFixed(1)} s mid-chunk; inspection done ${((tDone - tUp) / 1000).toFixed(1)} s after the server was back; ` +
        `same worker pid ${worker.pid}; ${integrity.rows}/${integrity.expected} frames, 0 duplicates, 0 missing; ${cleanObs.length} observations == clean run`,
    );
  });
});
