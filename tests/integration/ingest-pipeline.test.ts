import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { frames, inspectionChunks, inspections } from '../../lib/db/schema';
import { createSegment } from '../../lib/services/segments/create-segment';
import { startInspection } from '../../lib/services/inspections/start-inspection';
import { getInspection } from '../../lib/services/inspections/get-inspection';
import { processChunk } from '../../lib/services/ingest/process-chunk';
import { expectedFrameCount } from '../../lib/services/ingest/plan-chunks';
import { startWorker, type WorkerHandle } from '../../workers/runtime';
import { makeBrokenFixtures, makeVideo, tempDir } from '../fixtures/make-video';
import { makeTestContext, postgresAvailable, storeUpload, waitFor, type TestContext } from './helpers/test-context';
import sharp from 'sharp';
import { frameImage } from '../../lib/services/frames/frame-image';

const segmentInput = (assetId: string) => ({
  assetId,
  upstreamManhole: 'MH-1',
  downstreamManhole: 'MH-2',
  diameterMm: 300,
  material: 'concrete',
  lengthM: 40,
  direction: 'downstream',
  location: 'Test St',
  inspectionDate: '2026-11-01',
  operator: 'CI',
});

const videoDir = tempDir('sewer-ingest-videos-');
let goodVideo = '';
let broken: Awaited<ReturnType<typeof makeBrokenFixtures>>;

beforeAll(async () => {
  goodVideo = await makeVideo(`${videoDir}/good.mp4`, { seconds: 7, width: 320, height: 240, rings: true });
  broken = await makeBrokenFixtures(videoDir);
});

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`ingest on ${kind}`, () => {
    let t: TestContext | undefined;
    let worker: WorkerHandle | undefined;

    beforeAll(async () => {
      if (kind === 'postgres' && !(await postgresAvailable())) return;
      // 3-second chunks: a 7 s video becomes 3 chunk jobs.
      t = await makeTestContext(kind, { SEWER_CHUNK_SECONDS: '3', SEWER_SAMPLE_FPS: '5' });
      worker = await startWorker(t.ctx, { log: () => undefined });
    });
    afterAll(async () => {
      await worker?.stop();
      await t?.close();
    });

    const settled = (id: string) =>
      waitFor(async () => {
        const d = await getInspection(t!.ctx, id);
        return d.inspection.status === 'done' || d.inspection.status === 'failed' ? d : null;
      });

    it('samples, normalizes and stores every frame of a chunked video exactly once; bad videos fail alone', async (c) => {
      if (!t) return c.skip();
      const { ctx } = t;
      const seg = await createSegment(ctx, segmentInput(`IT-${kind}`));
      // A corrupt upload queued before a good one must not stop the good one.
      const bad = await startInspection(ctx, { segmentId: seg.id, originalFilename: 'notes.mp4', ...storeUpload(ctx, broken.notVideo) });
      const good = await startInspection(ctx, { segmentId: seg.id, originalFilename: 'good.mp4', ...storeUpload(ctx, goodVideo) });
      const empty = await startInspection(ctx, { segmentId: seg.id, originalFilename: 'empty.mp4', ...storeUpload(ctx, broken.empty) });

      const g = await settled(good.id);
      expect(g.inspection.error).toBeNull();
      expect(g.inspection.status).toBe('done');
      expect(g.progress.chunks.length).toBe(3);
      const expected = expectedFrameCount(g.inspection.video!.durationS, 5);
      const rows = await ctx.db.select().from(frames).where(eq(frames.inspectionId, good.id)).orderBy(frames.frameIndex);
      expect(rows.length).toBe(expected);
      expect(rows.map((r) => r.frameIndex)).toEqual([...Array(expected).keys()]);
      for (const r of rows.slice(0, 3)) {
        // The pipeline stores the frame as decoded; the normalized view is rendered on first request, then kept.
        const raw = await ctx.store.read(ctx.store.framePath(good.id, r.frameIndex, 'raw'));
        expect(raw).not.toBeNull();
        const norm = await frameImage(ctx, good.id, r.frameIndex, 'norm');
        expect(norm).not.toBeNull();
        expect(norm!.equals(raw!)).toBe(false);
        expect(await sharp(norm!).metadata()).toMatchObject({ width: r.width, height: r.height, format: 'jpeg' });
        expect((await ctx.store.read(ctx.store.framePath(good.id, r.frameIndex, 'norm')))!.equals(norm!)).toBe(true);
        expect(r.after.stdLuma).toBeGreaterThan(0);
      }

      const b = await settled(bad.id);
      expect(b.inspection.status).toBe('failed');
      expect(b.inspection.error).toMatch(/not a video/i);
      const e = await settled(empty.id);
      expect(e.inspection.status).toBe('failed');
      expect(e.inspection.error).toMatch(/empty/i);
    });

    it('re-running a finished chunk (crash after writing, retry) never duplicates frames', async (c) => {
      if (!t) return c.skip();
      const { ctx } = t;
      const [insp] = await ctx.db.select().from(inspections).where(eq(inspections.originalFilename, 'good.mp4'));
      const before = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, insp.id));
      // Simulate a worker that died after writing frames but before marking the chunk done.
      await ctx.db.update(inspectionChunks).set({ status: 'running' }).where(and(eq(inspectionChunks.inspectionId, insp.id), eq(inspectionChunks.chunkIndex, 1)));
      await ctx.db.update(inspections).set({ status: 'processing' }).where(eq(inspections.id, insp.id));
      const outcome = await processChunk(ctx, insp.id, 1);
      expect(outcome.status).toBe('done');
      const after = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, insp.id));
      expect(after[0].n).toBe(before[0].n);
      const d = await settled(insp.id);
      expect(d.inspection.status).toBe('done');
    });
  });
}
