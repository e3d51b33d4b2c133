import { and, eq, sql } from 'drizzle-orm';
import { frames, inspections, inspectionChunks } from '../../db/schema';
import type { JobOutcome } from '../../jobs/names';
import type { ServiceContext } from '../context';
import { activeClassifier } from '../analysis/active-model';
import { AnalysisError, buildObservations } from '../analysis/build-observations';
import { failInspection } from './fail-inspection';

/**
 * Last step, after every chunk: frame scores → observations, snapshots and ratings,
 * then the inspection is done. Skips while chunks are still open (a duplicate enqueue).
 */
export async function finalizeInspection(ctx: ServiceContext, inspectionId: string, opts: { lastAttempt?: boolean } = {}): Promise<JobOutcome> {
  const [insp] = await ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
  if (!insp) return { status: 'skipped', reason: 'inspection no longer exists' };
  if (insp.status !== 'processing') return { status: 'skipped', reason: `inspection is ${insp.status}` };
  const [{ open }] = await ctx.db
    .select({ open: sql<number>`count(*)::int` })
    .from(inspectionChunks)
    .where(and(eq(inspectionChunks.inspectionId, inspectionId), sql`${inspectionChunks.status} <> 'done'`));
  if (open > 0) return { status: 'skipped', reason: `${open} chunk(s) not done yet` };
  // Every chunk finished yet no picture came out (e.g. a single-frame file, which ffmpeg's fps
  // sampler drops): an empty "done" report would read as a clean pipe.
  const [{ sampled }] = await ctx.db.select({ sampled: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, inspectionId));
  if (sampled === 0) {
    const length = insp.video ? ` (${insp.video.durationS.toFixed(2)} s long)` : '';
    const message = `No frame could be sampled from the video${length}: nothing was analysed. Upload a longer recording.`;
    await failInspection(ctx, inspectionId, message);
    return { status: 'failed', reason: message };
  }

  try {
    const classifier = await activeClassifier(ctx.config.ml.modelDir);
    await buildObservations(ctx, inspectionId, classifier);
  } catch (err) {
    if (err instanceof AnalysisError || opts.lastAttempt) {
      const message = `Analysis could not be completed: ${(err as Error).message}`;
      await failInspection(ctx, inspectionId, message);
      return { status: 'failed', reason: message };
    }
    throw err;
  }
  await ctx.db.update(inspections).set({ status: 'done', updatedAt: new Date(), finishedAt: new Date() }).where(eq(inspections.id, inspectionId));
  return { status: 'done' };
}
