import crypto from 'node:crypto';
import { asc, and, eq, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { frames, inspections, observations, reviews, segments } from '../../db/schema';
import { recomputeRatings } from '../review/recompute-ratings';
import { analyzeInspection, type GradedObservation } from '../../analysis';
import { scaledThresholds } from '../../analysis/event-tuning';
import { heatmapBox, heatmapOverlay } from '../../vision/heatmap';
import { resizeRgbArea } from '../../vision/resize';
import { renderSnapshot, GRADE_COLORS } from '../../adapters/snapshot';
import { defectClass } from '../../taxonomy/codes';
import type { Classifier } from '../../ml/classifier';
import type { ServiceContext } from '../context';
import { modelId } from './active-model';
import { frameImage } from '../frames/frame-image';

export class AnalysisError extends Error {}

function fmtTime(t: number): string {
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** Observations annotated together: one CAM forward pass, their snapshot renders in parallel on
 * sharp's threads. Bounds the decoded frames held at once on inspections with hundreds. */
const ANNOTATE_GROUP = 16;

type NormBox = { x: number; y: number; w: number; h: number };

async function loadFrame(ctx: ServiceContext, inspectionId: string, index: number): Promise<{ jpg: Buffer; rgb: Uint8Array; width: number; height: number }> {
  const jpg = await frameImage(ctx, inspectionId, index, 'norm');
  if (!jpg) throw new AnalysisError(`frame image ${index} is missing from the file store`);
  const { data, info } = await sharp(jpg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { jpg, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * Decode each observation's stored normalized frame and draw its evidence on it: CAM heatmap
 * for its code, the box around the hottest region, and a caption.
 */
async function annotateGroup(ctx: ServiceContext, classifier: Classifier, inspectionId: string, group: GradedObservation[]): Promise<{ jpeg: Buffer; box: NormBox | null }[]> {
  // Observations of different codes often share a best frame: load (and on first view render) it once.
  const byIndex = new Map<number, ReturnType<typeof loadFrame>>();
  const load = (i: number) => byIndex.get(i) ?? byIndex.set(i, loadFrame(ctx, inspectionId, i)).get(i)!;
  const decoded = await Promise.all(group.map((o) => load(o.bestFrameIndex)));
  const inputs = decoded.map((f) => resizeRgbArea(f.rgb, f.width, f.height, classifier.inputSize, classifier.inputSize));
  const cams = await classifier.camBatch(inputs, group.map((o) => o.code));
  return Promise.all(
    group.map(async (o, i) => {
      const { jpg, rgb, width: w, height: h } = decoded[i];
      const box = heatmapBox(cams[i], w, h);
      const dist = o.startM != null ? ` · ${o.startM.toFixed(1)} m` : '';
      const jpeg = await renderSnapshot({
        frameJpeg: jpg,
        frameRgb: rgb,
        width: w,
        height: h,
        overlay: heatmapOverlay(cams[i], w, h),
        box,
        title: `${o.code} ${defectClass(o.code).name} · grade ${o.grade}`,
        subtitle: `${fmtTime(o.startS)}${dist} · ${(o.peakConfidence * 100).toFixed(0)} %`,
        color: GRADE_COLORS[o.grade],
      });
      return { jpeg, box: box ? { x: box.x / w, y: box.y / h, w: box.width / w, h: box.height / h } : null };
    }),
  );
}

/**
 * Frame scores of the whole inspection → graded observations with snapshots → ratings.
 * Runs once all chunks are scored, over every frame, so chunk boundaries cannot split
 * an observation. Re-running replaces the model's unreviewed observations.
 */
export async function buildObservations(ctx: ServiceContext, inspectionId: string, classifier: Classifier): Promise<{ observations: number }> {
  const [row] = await ctx.db
    .select({ insp: inspections, lengthM: segments.lengthM })
    .from(inspections)
    .innerJoin(segments, eq(segments.id, inspections.segmentId))
    .where(eq(inspections.id, inspectionId));
  if (!row) throw new AnalysisError('inspection no longer exists');
  const pinned = row.insp.model;
  if (pinned !== modelId(classifier)) throw new AnalysisError(`model mismatch: inspection pinned ${pinned}, loaded ${modelId(classifier)}`);

  const scored = await ctx.db
    .select({ index: frames.frameIndex, t: frames.tS, distanceM: frames.distanceM, scores: frames.scores, model: frames.model })
    .from(frames)
    .where(eq(frames.inspectionId, inspectionId))
    .orderBy(asc(frames.frameIndex));
  const unscored = scored.filter((f) => !f.scores || f.model !== pinned);
  if (unscored.length) throw new AnalysisError(`${unscored.length} frame(s) lack scores from ${pinned} (first: frame ${unscored[0].index})`);

  // The model's own event settings (tuned on generated videos) when its manifest has them.
  const ev = classifier.manifest.eventDetection;
  const { observations: found } = analyzeInspection(
    scored.map((f) => ({ index: f.index, t: f.t, distanceM: f.distanceM, scores: f.scores! })),
    ev ? scaledThresholds(classifier.thresholds, ev.thresholdScale) : classifier.thresholds,
    { segmentLengthM: row.lengthM, durationS: row.insp.video?.durationS ?? null },
    ev?.options,
  );

  const rows: (typeof observations.$inferInsert)[] = [];
  let annotated: { jpeg: Buffer; box: NormBox | null }[] = [];
  for (const [i, o] of found.entries()) {
    if (i % ANNOTATE_GROUP === 0) annotated = await annotateGroup(ctx, classifier, inspectionId, found.slice(i, i + ANNOTATE_GROUP));
    const id = crypto.randomUUID();
    const { jpeg, box } = annotated[i % ANNOTATE_GROUP];
    const key = ctx.store.snapshotPath(inspectionId, id);
    await ctx.store.writeAtomic(key, jpeg);
    rows.push({
      id,
      inspectionId,
      code: o.code,
      modelCode: o.code,
      source: 'model' as const,
      status: 'pending' as const,
      startS: o.startS,
      endS: o.endS,
      startM: o.startM,
      endM: o.endM,
      peakConfidence: o.peakConfidence,
      meanConfidence: o.meanConfidence,
      bestFrameIndex: o.bestFrameIndex,
      frameCount: o.frameCount,
      grade: o.grade,
      box,
      alternatives: o.alternatives ?? [],
      snapshotKey: key,
    });
  }

  await ctx.db.transaction(async (tx) => {
    // Replace only what no engineer has touched yet (a retried finalize).
    const reviewed = tx.select({ id: reviews.observationId }).from(reviews);
    await tx
      .delete(observations)
      .where(and(eq(observations.inspectionId, inspectionId), eq(observations.source, 'model'), eq(observations.status, 'pending'), sql`${observations.id} not in ${reviewed}`));
    if (rows.length) await tx.insert(observations).values(rows);
    await recomputeRatings(tx, inspectionId);
  });
  return { observations: rows.length };
}
