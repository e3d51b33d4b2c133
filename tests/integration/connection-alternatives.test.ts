import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { frames, inspections, observations } from '../../lib/db/schema';
import { createSegment } from '../../lib/services/segments/create-segment';
import { activeClassifier, modelId } from '../../lib/services/analysis/active-model';
import { buildObservations } from '../../lib/services/analysis/build-observations';
import { reviewObservation } from '../../lib/services/review/review-observation';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';
import { makeTestContext, type TestContext } from './helpers/test-context';

/**
 * One lateral scored as two connection codes over the same frames becomes ONE observation: the
 * finalize step stores the stronger code and keeps the other as an alternative, which the review
 * can apply as a relabel. Frame scores are written directly (the classifier is not the subject).
 */
const stats = { meanLuma: 100, stdLuma: 20, meanR: 100, meanG: 100, meanB: 100 };
const W = 320;
const H = 240;

let t: TestContext;
beforeAll(async () => {
  t = await makeTestContext('pglite');
});
afterAll(async () => t?.close());

function scores(i: number): number[] {
  const s = DEFECT_CODES.map(() => 0.02);
  const set = (c: DefectCode, v: number) => (s[DEFECT_CODES.indexOf(c)] = v);
  if (i >= 10 && i <= 25) set('GR', 0.97); // the lateral, as the model's stronger code
  if (i >= 12 && i <= 24) set('OP', 0.9); // the same lateral, as a second connection code
  if (i >= 30 && i <= 36) set('RB', 0.95); // an unrelated crack further on
  return s;
}

describe('one code per connection', () => {
  it('stores the stronger connection code with the other as an alternative, and the review applies it', async () => {
    const { ctx } = t;
    const classifier = await activeClassifier(ctx.config.ml.modelDir);
    const seg = await createSegment(ctx, {
      assetId: 'ALT-1', upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'concrete',
      lengthM: 20, direction: 'downstream', inspectionDate: '2026-11-01',
    });
    const [insp] = await ctx.db
      .insert(inspections)
      .values({
        segmentId: seg.id, status: 'processing', videoKey: '0123456789abcdef', originalFilename: 'alt.mp4', sizeBytes: 1, sampleFps: 5, framesExpected: 50,
        video: { durationS: 10, fps: 25, width: W, height: H, codec: 'h264', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', displayAspect: 4 / 3, rotation: 0, sizeBytes: 1, interlaced: false },
        model: modelId(classifier),
      })
      .returning();
    const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 80, b: 70 } } }).jpeg().toBuffer();
    for (let i = 0; i < 50; i++) await ctx.store.writeAtomic(ctx.store.framePath(insp.id, i, 'raw'), jpeg);
    await ctx.db.insert(frames).values(
      Array.from({ length: 50 }, (_, i) => ({ inspectionId: insp.id, frameIndex: i, tS: i / 5, distanceM: i * 0.4, width: W, height: H, before: stats, after: stats, scores: scores(i), model: modelId(classifier) })),
    );

    await buildObservations(ctx, insp.id, classifier);
    const rows = await ctx.db.select().from(observations).where(eq(observations.inspectionId, insp.id)).orderBy(observations.startS);
    expect(rows.map((r) => r.code)).toEqual(['GR', 'RB']);
    const [gr, rb] = rows;
    // The kept observation spans both runs; OP's mean score over those 16 frames is 13 × 0.9 + 3 × 0.02.
    expect(gr.frameCount).toBe(16);
    expect(gr.alternatives).toHaveLength(1);
    expect(gr.alternatives[0].code).toBe('OP');
    expect(gr.alternatives[0].meanScore).toBeCloseTo((13 * 0.9 + 3 * 0.02) / 16, 5);
    expect(rb.alternatives).toEqual([]);

    // The reviewer takes the alternative: an ordinary relabel, audited, model code kept.
    const res = await reviewObservation(ctx, { observationId: gr.id, actor: 'ana', action: 'relabel', code: 'OP' });
    expect(res.observation).toMatchObject({ code: 'OP', modelCode: 'GR', alternatives: gr.alternatives });
  });
});
