import { eq, sql } from 'drizzle-orm';
import { inspections, inspectionChunks } from '../../db/schema';
import { checkVideoTail, probeVideo, VideoProbeError } from '../../adapters/ffmpeg';
import { enqueue } from '../../jobs/queue';
import type { JobOutcome } from '../../jobs/names';
import type { ServiceContext } from '../context';
import { expectedFrameCount, planChunks } from './plan-chunks';
import { failInspection } from './fail-inspection';
import { ModelUnavailableError, readModelId } from '../analysis/active-model';

/**
 * Ingest step 1: probe the uploaded file, plan the chunks and queue them.
 * Safe to re-run: chunk rows are upserted and chunk jobs carry singleton keys.
 */
export async function probeInspection(ctx: ServiceContext, inspectionId: string): Promise<JobOutcome> {
  const [insp] = await ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
  if (!insp) return { status: 'skipped', reason: 'inspection no longer exists' };
  if (insp.status === 'done' || insp.status === 'failed') return { status: 'skipped', reason: `inspection is ${insp.status}` };

  let model: string;
  try {
    model = insp.model ?? readModelId(ctx.config.ml.modelDir);
  } catch (err) {
    if (!(err instanceof ModelUnavailableError)) throw err;
    await failInspection(ctx, inspectionId, err.message);
    return { status: 'failed', reason: err.message };
  }
  await ctx.db.update(inspections).set({ status: 'probing', model, updatedAt: new Date() }).where(eq(inspections.id, inspectionId));
  const file = ctx.store.videoPath(insp.videoKey);
  let info;
  let chunks;
  try {
    info = await probeVideo(file, {
      maxPixels: ctx.config.limits.maxVideoPixels,
      maxSeconds: ctx.config.limits.maxVideoSeconds,
      checkTail: false,
    });
    chunks = planChunks(info.durationS, ctx.config.sampling.chunkSeconds);
    // A video of one chunk is decoded to its end by that chunk, which refuses a truncated file
    // itself (ffmpeg-sample's frame count check); only a video planned as several chunks is
    // checked up front, so a file cut short (or a header claiming hours) does not start them.
    if (chunks.length > 1) await checkVideoTail(file, info);
  } catch (err) {
    if (err instanceof VideoProbeError) {
      await failInspection(ctx, inspectionId, err.message);
      return { status: 'failed', reason: err.message };
    }
    throw err;
  }
  const video = info;
  const framesExpected = expectedFrameCount(info.durationS, insp.sampleFps);
  if (chunks.length === 0 || framesExpected === 0) {
    const msg = 'The video has no playable frames (duration is 0 s).';
    await failInspection(ctx, inspectionId, msg);
    return { status: 'failed', reason: msg };
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(inspections).set({ video, framesExpected, status: 'processing', updatedAt: new Date() }).where(eq(inspections.id, inspectionId));
    await tx
      .insert(inspectionChunks)
      .values(chunks.map((c) => ({ inspectionId, chunkIndex: c.index, startS: c.startS, endS: c.endS })))
      .onConflictDoUpdate({
        target: [inspectionChunks.inspectionId, inspectionChunks.chunkIndex],
        set: { startS: sql`excluded.start_s`, endS: sql`excluded.end_s` },
      });
  });
  for (const c of chunks) {
    await enqueue(ctx.queue, 'process-chunk', { inspectionId, chunkIndex: c.index }, `chunk:${inspectionId}:${c.index}`);
  }
  return { status: 'done' };
}
