import { and, eq, sql } from 'drizzle-orm';
import { frames, inspections, inspectionChunks, segments, type FrameStats } from '../../db/schema';
import { VideoDecodeError, VideoProbeError } from '../../adapters/ffmpeg';
import { sampleFramesAsJpeg } from '../../adapters/ffmpeg-sample';
import { createNormalizer, type FrameNormalizer } from '../../adapters/opencv-normalizer';
import { enqueue } from '../../jobs/queue';
import type { JobOutcome } from '../../jobs/names';
import type { ServiceContext } from '../context';
import { failInspection } from './fail-inspection';
import { sampleSize } from '../../vision/frame-sampling';
import { activeClassifier, modelId } from '../analysis/active-model';
import { normalizationWorkSize, prepareModelInput, preprocessForModel } from '../../ml/preprocess';
import { distanceFn } from '../../analysis/distance';
import { prefetch } from '../../util/prefetch';

/**
 * Frames are classified and written in batches: one forward pass and one DB round
 * trip per BATCH frames keeps the wasm backend and the database efficient.
 */
const BATCH = 32;
/** Frames buffered ahead of processing (each a ~10 KB JPEG plus its ~110 KB work-size RGB copy). */
const DECODE_AHEAD = 6;
interface FrameRow {
  inspectionId: string;
  frameIndex: number;
  tS: number;
  distanceM: number | null;
  width: number;
  height: number;
  before: FrameStats;
  after: FrameStats;
  scores: number[] | null;
  model: string | null;
}

/**
 * Ingest step 2, one time chunk: decode → store the frame JPEG → normalize → classify → frame rows with scores and stats.
 * Idempotent: frame rows are keyed by (inspection, index) and upserted; images are
 * written atomically under names derived from the same key.
 */
export async function processChunk(ctx: ServiceContext, inspectionId: string, chunkIndex: number, opts: { lastAttempt?: boolean } = {}): Promise<JobOutcome> {
  const [row] = await ctx.db
    .select({ insp: inspections, chunk: inspectionChunks, lengthM: segments.lengthM })
    .from(inspectionChunks)
    .innerJoin(inspections, eq(inspections.id, inspectionChunks.inspectionId))
    .innerJoin(segments, eq(segments.id, inspections.segmentId))
    .where(and(eq(inspectionChunks.inspectionId, inspectionId), eq(inspectionChunks.chunkIndex, chunkIndex)));
  if (!row) return { status: 'skipped', reason: 'chunk no longer exists' };
  const { insp, chunk } = row;
  if (insp.status === 'failed') return { status: 'skipped', reason: 'inspection already failed' };
  if (chunk.status === 'done') return { status: 'skipped', reason: 'chunk already done' };
  if (!insp.video) return { status: 'failed', reason: 'inspection was not probed' };
  if (!insp.model) return { status: 'failed', reason: 'inspection has no pinned model' };

  const chunkWhere = and(eq(inspectionChunks.inspectionId, inspectionId), eq(inspectionChunks.chunkIndex, chunkIndex));
  await ctx.db
    .update(inspectionChunks)
    .set({ status: 'running', attempts: sql`${inspectionChunks.attempts} + 1`, error: null, updatedAt: new Date() })
    .where(chunkWhere);

  // Never upscale; keep the display aspect (PAL 16:15 pixels, rotated phone footage).
  const { width, height } = sampleSize(insp.video, Math.min(insp.video.width, ctx.config.sampling.frameWidth));
  const distanceAt = distanceFn(row.lengthM, insp.video.durationS);
  let normalizer: FrameNormalizer | undefined;
  let pending: FrameRow[] = [];
  let inputs: Uint8Array[] = [];
  let writes: Promise<void>[] = [];
  let done = 0;
  const flush = async () => {
    if (!pending.length) return;
    const rows = pending;
    const batch = inputs;
    const images = writes;
    pending = [];
    inputs = [];
    writes = [];
    const scores = await classifier.predict(batch);
    // A frame row is committed only once its images are on disk.
    await Promise.all(images);
    rows.forEach((r, i) => {
      r.scores = Array.from(scores[i]);
      r.model = pinned;
    });
    await ctx.db
      .insert(frames)
      .values(rows)
      .onConflictDoUpdate({
        target: [frames.inspectionId, frames.frameIndex],
        set: {
          tS: sql`excluded.t_s`,
          distanceM: sql`excluded.distance_m`,
          before: sql`excluded.before`,
          after: sql`excluded.after`,
          width: sql`excluded.width`,
          height: sql`excluded.height`,
          scores: sql`excluded.scores`,
          model: sql`excluded.model`,
        },
      });
    done += rows.length;
    await ctx.db.update(inspectionChunks).set({ framesDone: done, updatedAt: new Date() }).where(chunkWhere);
  };

  const pinned = insp.model;
  const classifier = await activeClassifier(ctx.config.ml.modelDir);
  if (modelId(classifier) !== pinned) {
    const msg = `The active model changed during the analysis (pinned ${pinned}, installed ${modelId(classifier)}); re-run the inspection.`;
    await failInspection(ctx, inspectionId, msg);
    return { status: 'failed', reason: msg };
  }

  try {
    // The model sees frames normalized exactly as it was trained (its manifest, at its work size),
    // or raw frames when it was trained without normalization (null). Only the frame as decoded is
    // stored: reviewers' normalized views are rendered at full size on first request (frame-image.ts).
    const modelNorm = classifier.manifest.normalization;
    const normCfg = modelNorm ?? ctx.config.normalization;
    const work = normalizationWorkSize(width, height, normCfg.workWidth);
    normalizer = await createNormalizer(work.width, work.height, normCfg);
    const source = ctx.store.videoPath(insp.videoKey);
    // ffmpeg hands over the stored picture already as a JPEG and the model's view as an RGB copy
    // area-shrunk to the work size (within ~1 grey level of the normalizer's own shrink for
    // stills): this thread neither converts, resizes nor encodes full frames.
    const frames_ = sampleFramesAsJpeg(source, { fps: insp.sampleFps, width, height, startS: chunk.startS, durationS: chunk.endS - chunk.startS, probe: insp.video, workSize: work });
    // Overlap: ffmpeg decodes and encodes ahead (its own process) while this thread normalizes and classifies.
    for await (const f of prefetch(frames_, DECODE_AHEAD)) {
      const prepared = prepareModelInput(f.work, work.width, work.height, normalizer, classifier.inputSize);
      inputs.push(modelNorm === null ? preprocessForModel(f.work, work.width, work.height, null, classifier.inputSize) : prepared.input);
      f.release(); // the model input is a copy; the decoder may reuse the buffer
      writes.push(ctx.store.writeAtomic(ctx.store.framePath(inspectionId, f.index, 'raw'), f.jpeg));
      pending.push({
        inspectionId,
        frameIndex: f.index,
        tS: f.t,
        distanceM: distanceAt(f.t),
        width,
        height,
        before: prepared.before!,
        after: prepared.after!,
        scores: null,
        model: null,
      });
      if (pending.length >= BATCH) await flush();
    }
    await flush();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const permanent = err instanceof VideoProbeError || err instanceof VideoDecodeError || /decod|corrupt|invalid data|truncat/i.test(message);
    if (permanent || opts.lastAttempt) {
      await ctx.db.update(inspectionChunks).set({ status: 'failed', error: message.slice(0, 2000), updatedAt: new Date() }).where(chunkWhere);
      await failInspection(ctx, inspectionId, `Chunk ${chunkIndex + 1} (${chunk.startS.toFixed(0)}–${chunk.endS.toFixed(0)} s) could not be processed: ${message}`);
      return { status: 'failed', reason: message };
    }
    throw err; // transient (database, I/O): let the queue retry
  } finally {
    // Never leave encodes running against a disposed chunk (and never an unhandled rejection).
    await Promise.allSettled(writes);
    normalizer?.dispose();
  }

  // Count from the table, not the loop, so a retried chunk reports the truth.
  const [{ n }] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(frames)
    .where(and(eq(frames.inspectionId, inspectionId), sql`${frames.tS} >= ${chunk.startS} and ${frames.tS} < ${chunk.endS}`));
  await ctx.db.update(inspectionChunks).set({ status: 'done', framesDone: n, updatedAt: new Date() }).where(chunkWhere);

  const [{ open }] = await ctx.db
    .select({ open: sql<number>`count(*)::int` })
    .from(inspectionChunks)
    .where(and(eq(inspectionChunks.inspectionId, inspectionId), sql`${inspectionChunks.status} <> 'done'`));
  if (open === 0) await enqueue(ctx.queue, 'finalize', { inspectionId }, `finalize:${inspectionId}`);
  return { status: 'done' };
}
