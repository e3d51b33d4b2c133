import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { inspectionChunks } from '../../lib/db/schema';
import { queryRows } from '../../lib/db/query-rows';
import { createSegment } from '../../lib/services/segments/create-segment';
import { importVideo } from '../../lib/services/inspections/import-video';
import { tempDir } from '../fixtures/make-video';
import { makeTestContext, postgresAvailable, TEST_DATABASE_URL, waitFor, type TestContext } from './helpers/test-context';
import { spawnWorker, stopWorker, type WorkerProcess } from './helpers/worker-process';
import { faultSegment, frameIntegrity, makeFaultVideo, observationKeys, waitSettled } from './helpers/fault-fixtures';

/**
 * kill -9 a real worker process in the middle of a chunk (some of its frames written,
 * the chunk not finished), start another worker: the inspection completes with every
 * frame exactly once and the same observations as a clean run of the same video.
 * Recovery relies on the job lease (lib/jobs/lease.ts), not on pg-boss' 1-hour expiry.
 */
const dir = tempDir('sewer-fault-kill-');
let video = '';
// 10 s chunks at 5 fps = 50 frames = a batch of 32 then 18: a window to kill in.
const ENV = { SEWER_CHUNK_SECONDS: '10', SEWER_SAMPLE_FPS: '5' };

let t: TestContext | undefined;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  if (!(await postgresAvailable())) return;
  video = await makeFaultVideo(dir);
  t = await makeTestContext('postgres', ENV);
});
afterAll(async () => {
  for (const w of workers) await stopWorker(w);
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const start = () => {
  const w = spawnWorker({ ...ENV, DATABASE_URL: TEST_DATABASE_URL, SEWER_DATA_DIR: t!.dataDir });
  workers.push(w);
  return w;
};

describe('worker killed with SIGKILL mid-chunk (Postgres)', () => {
  it('a second worker finishes the job: no duplicate, no missing frame, same observations as a clean run', async (c) => {
    if (!t) return c.skip();
    const { ctx } = t;
    const t0 = Date.now();
    const seg = await createSegment(ctx, faultSegment('FAULT-KILL'));

    const a = start();
    await a.waitForLine(/\[worker\] pid/);
    const clean = await importVideo(ctx, { segmentId: seg.id, file: video, originalFilename: 'clean.mp4' });
    const cleanDone = await waitSettled(ctx, clean.id, 60_000);
    expect(cleanDone.status, cleanDone.error ?? '').toBe('done');
    const tClean = Date.now();

    const victim = await importVideo(ctx, { segmentId: seg.id, file: video, originalFilename: 'killed.mp4' });
    // A chunk that is running and has some — not all — of its frames in the table.
    const hit = await waitFor(async () => {
      const rows = await queryRows<{ chunk: number; n: number }>(ctx.db, sql`
        select c.chunk_index as chunk,
               (select count(*)::int from frames f where f.inspection_id = c.inspection_id and f.t_s >= c.start_s and f.t_s < c.end_s) as n
        from inspection_chunks c where c.inspection_id = ${victim.id} and c.status = 'running'`);
      return rows.find((r) => r.n > 0 && r.n < 50);
    }, 60_000, 25);
    a.kill('SIGKILL');
    const exit = await a.exited;
    expect(exit.signal).toBe('SIGKILL');
    const tKill = Date.now();
    const [stuck] = await ctx.db.select().from(inspectionChunks).where(and(eq(inspectionChunks.inspectionId, victim.id), eq(inspectionChunks.chunkIndex, hit.chunk)));
    expect(stuck.status).toBe('running');

    const b = start();
    const done = await waitSettled(ctx, victim.id, 75_000);
    const tDone = Date.now();
    expect(done.status, done.error ?? '').toBe('done');

    const integrity = await frameIntegrity(ctx, victim.id);
    expect(integrity.duplicates).toBe(0);
    expect(integrity.missing).toBe(0);
    expect(integrity.rows).toBe(integrity.expected);
    expect(integrity.rows).toBe(integrity.framesExpected);
    expect(integrity.max).toBe(integrity.expected - 1);
    expect(integrity.scored).toBe(integrity.rows);

    const cleanObs = await observationKeys(ctx, clean.id);
    const victimObs = await observationKeys(ctx, victim.id);
    expect(cleanObs.length).toBeGreaterThan(0);
    expect(victimObs).toEqual(cleanObs);
    expect((await frameIntegrity(ctx, clean.id)).rows).toBe(integrity.rows);

    const [reRun] = await ctx.db.select().from(inspectionChunks).where(and(eq(inspectionChunks.inspectionId, victim.id), eq(inspectionChunks.chunkIndex, hit.chunk)));
    expect(reRun.attempts).toBeGreaterThanOrEqual(2);
    expect(b.lines.some((l) => /reclaimed/.test(l))).toBe(true);
    console.log(
      `kill -9: clean run ${((tClean - t0) / 1000).toFixed(1)} s; killed in chunk ${hit.chunk} with ${hit.n}/50 frames written; ` +
        `recovered and finished ${((tDone - tKill) / 1000).toFixed(1)} s after the kill; ${integrity.rows}/${integrity.expected} frames, ` +
        `0 duplicates, 0 missing; ${victimObs.length} observations == clean run`,
    );
  });
});
