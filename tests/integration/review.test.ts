import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { frames, inspections, observations, reviews, type Observation } from '../../lib/db/schema';
import type { DefectCode } from '../../lib/taxonomy/codes';
import { createSegment } from '../../lib/services/segments/create-segment';
import { listReviewQueue } from '../../lib/services/review/list-review-queue';
import { reviewObservation } from '../../lib/services/review/review-observation';
import { revertReview } from '../../lib/services/review/revert-review';
import { listRecentReviews, listReviews } from '../../lib/services/review/list-reviews';
import { addObservation } from '../../lib/services/observations/add-observation';
import { getObservation, listObservations } from '../../lib/services/observations/list-observations';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/services/errors';
import { suiteContext, type TestContext } from './helpers/test-context';

const stats = { meanLuma: 100, stdLuma: 20, meanR: 100, meanG: 100, meanB: 100 };

/** A finished 10 s inspection of a 40 m segment: 50 frames at 5 fps, crawler at 2 m/s... then parked (distance = 2·t capped). */
async function seedInspection(t: TestContext, assetId: string) {
  const { ctx } = t;
  const seg = await createSegment(ctx, {
    assetId, upstreamManhole: 'MH-1', downstreamManhole: 'MH-2', diameterMm: 300, material: 'concrete',
    lengthM: 40, direction: 'downstream', location: 'Review St', inspectionDate: '2026-11-02', operator: 'IT',
  });
  const [insp] = await ctx.db
    .insert(inspections)
    .values({
      segmentId: seg.id, status: 'done', videoKey: 'abcdef0123456789', originalFilename: 'run.mp4', sizeBytes: 1000, sampleFps: 5, framesExpected: 50,
      video: { durationS: 10, fps: 25, width: 320, height: 240, codec: 'h264', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', displayAspect: 4 / 3, rotation: 0, sizeBytes: 1000, interlaced: false }, model: 'test@1',
    })
    .returning();
  await ctx.db.insert(frames).values(
    Array.from({ length: 50 }, (_, i) => ({ inspectionId: insp.id, frameIndex: i, tS: i / 5, distanceM: (i / 5) * 2, width: 320, height: 240, before: stats, after: stats })),
  );
  const obs = (code: DefectCode, grade: number, peak: number, best: number): typeof observations.$inferInsert => ({
    inspectionId: insp.id, code, modelCode: code, source: 'model', status: 'pending', startS: best / 5, endS: best / 5 + 0.4,
    startM: (best / 5) * 2, endM: (best / 5) * 2 + 0.8, peakConfidence: peak, meanConfidence: peak - 0.1, bestFrameIndex: best, frameCount: 3, grade,
  });
  const rows = await ctx.db
    .insert(observations)
    .values([obs('RB', 4, 0.95, 10), obs('RO', 3, 0.9, 20), obs('FS', 4, 0.7, 0), obs('GR', 1, 0.99, 49)])
    .returning();
  const by = Object.fromEntries(rows.map((r) => [r.code, r])) as Record<'RB' | 'RO' | 'FS' | 'GR', Observation>;
  return { seg, insp, by };
}

async function storedRatings(t: TestContext, id: string) {
  const [row] = await t.ctx.db.select({ ratings: inspections.ratings }).from(inspections).where(eq(inspections.id, id));
  return row.ratings;
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`review on ${kind}`, () => {
    const suite = suiteContext(kind);

    it('queues pending observations by grade then confidence, with neighbouring frames and counts', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { insp, by } = await seedInspection(t, `RQ-${kind}`);
      const q = await listReviewQueue(t.ctx, { inspectionId: insp.id });
      expect(q.items.map((i) => i.observation.code)).toEqual(['RB', 'FS', 'RO', 'GR']);
      expect(q.counts).toEqual({ pending: 4, accepted: 0, rejected: 0 });
      const item = (code: string) => q.items.find((i) => i.observation.code === code)!;
      expect(item('RB').neighbourFrames).toEqual([8, 9, 10, 11, 12]);
      // Clipped at both ends of the video: frame 0 and the last frame (49).
      expect(item('FS').neighbourFrames).toEqual([0, 1, 2]);
      expect(item('GR').neighbourFrames).toEqual([47, 48, 49]);
      expect(item('RB').segment.assetId).toBe(`RQ-${kind}`);
      expect(item('RB').inspection.id).toBe(insp.id);

      await reviewObservation(t.ctx, { observationId: by.RB.id, actor: 'ana', action: 'accept' });
      const after = await listReviewQueue(t.ctx, { inspectionId: insp.id });
      expect(after.items.map((i) => i.observation.code)).toEqual(['FS', 'RO', 'GR']);
      expect(after.counts).toEqual({ pending: 3, accepted: 1, rejected: 0 });
      const accepted = await listReviewQueue(t.ctx, { inspectionId: insp.id, status: 'accepted' });
      expect(accepted.items.map((i) => i.observation.id)).toEqual([by.RB.id]);
      await expect(listReviewQueue(t.ctx, { inspectionId: 'nope' })).rejects.toBeInstanceOf(ValidationError);
    });

    it('accept / reject / relabel / grade / remark update the observation, audit each change once and recompute ratings', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { ctx } = t;
      const { insp, by } = await seedInspection(t, `RV-${kind}`);

      const a = await reviewObservation(ctx, { observationId: by.RB.id, actor: 'ana', action: 'accept' });
      expect(a.observation.status).toBe('accepted');
      expect(a.review).toMatchObject({ actor: 'ana', action: 'accept', before: { status: 'pending', code: 'RB' }, after: { status: 'accepted', code: 'RB' } });
      // Structural RB4 + FS4 = 8 over 2; O&M RO3 + GR1 = 4 over 2; overall 12 over 4 (one grade 4 pair, …).
      expect(a.ratings!.structural).toMatchObject({ rating: 8, count: 2, index: 4, quick: '4200' });
      expect(a.ratings!.om).toMatchObject({ rating: 4, count: 2, index: 2, quick: '3111' });
      expect(a.ratings!.overall).toMatchObject({ rating: 12, count: 4, index: 3, quick: '4231' });
      expect(await storedRatings(t, insp.id)).toEqual(a.ratings);

      // Accepting an accepted observation records nothing new.
      const again = await reviewObservation(ctx, { observationId: by.RB.id, actor: 'ana', action: 'accept' });
      expect(again.review).toBeNull();
      expect(await listReviews(ctx, by.RB.id)).toHaveLength(1);

      // Rejected observations do not count.
      const r = await reviewObservation(ctx, { observationId: by.FS.id, actor: 'ana', action: 'reject' });
      expect(r.observation.status).toBe('rejected');
      expect(r.ratings!.structural).toMatchObject({ rating: 4, count: 1, quick: '4100' });
      expect(r.ratings!.overall).toMatchObject({ rating: 8, count: 3, quick: '4131' });

      // Relabel RB (structural) → RO (O&M): code changes, the model's proposal is kept.
      const rl = await reviewObservation(ctx, { observationId: by.RB.id, actor: 'ben', action: 'relabel', code: 'RO' });
      expect(rl.observation).toMatchObject({ code: 'RO', modelCode: 'RB', status: 'accepted' });
      expect(rl.review).toMatchObject({ actor: 'ben', action: 'relabel', before: { code: 'RB' }, after: { code: 'RO' } });
      expect(rl.ratings!.structural).toMatchObject({ rating: 0, count: 0, quick: '0000' });
      expect(rl.ratings!.om).toMatchObject({ rating: 8, count: 3, quick: '4131' });

      const g = await reviewObservation(ctx, { observationId: by.GR.id, actor: 'ben', action: 'grade', grade: 5 });
      expect(g.observation).toMatchObject({ grade: 5, status: 'pending' });
      expect(g.ratings!.om).toMatchObject({ rating: 12, quick: '5141' });

      const rm = await reviewObservation(ctx, { observationId: by.GR.id, actor: 'ben', action: 'remark', remark: '  lateral at 2 o\'clock ' });
      expect(rm.observation.remark).toBe("lateral at 2 o'clock");

      const trail = await listReviews(ctx, by.RB.id);
      expect(trail.map((x) => x.action)).toEqual(['relabel', 'accept']);
      const recent = await listRecentReviews(ctx, { actor: 'ben' });
      expect(recent.map((x) => x.action)).toEqual(['remark', 'grade', 'relabel']);
      expect(recent[0].inspectionId).toBe(insp.id);
    });

    it('serializes simultaneous decisions on one observation: five parallel accepts leave one audit row', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { by } = await seedInspection(t, `RC-${kind}`);
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => reviewObservation(t!.ctx, { observationId: by.RO.id, actor: `eng${i}`, action: 'accept' })));
      expect(results.filter((r) => r.review !== null)).toHaveLength(1);
      expect(await listReviews(t.ctx, by.RO.id)).toHaveLength(1);
      expect((await getObservation(t.ctx, by.RO.id)).status).toBe('accepted');
    });

    it('rejects invalid decisions with field errors and unknown ids with NotFound', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { by } = await seedInspection(t, `RX-${kind}`);
      const bad = [
        { observationId: by.RB.id, actor: 'ana', action: 'relabel' },
        { observationId: by.RB.id, actor: 'ana', action: 'relabel', code: 'XX' },
        { observationId: by.RB.id, actor: 'ana', action: 'grade', grade: 6 },
        { observationId: by.RB.id, actor: 'ana', action: 'grade', grade: 2.5 },
        { observationId: by.RB.id, actor: '', action: 'accept' },
        { observationId: by.RB.id, actor: 'ana', action: 'delete' },
      ];
      for (const input of bad) await expect(reviewObservation(t.ctx, input as never)).rejects.toBeInstanceOf(ValidationError);
      await expect(reviewObservation(t.ctx, { observationId: '00000000-0000-4000-8000-000000000000', actor: 'ana', action: 'accept' })).rejects.toBeInstanceOf(NotFoundError);
      // Nothing was written by the failed attempts.
      expect(await listReviews(t.ctx, by.RB.id)).toHaveLength(0);
      expect((await getObservation(t.ctx, by.RB.id)).status).toBe('pending');
    });

    it('reverts decisions newest-first, refusing to undo one that a later decision superseded', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { ctx } = t;
      const { insp, by } = await seedInspection(t, `RR-${kind}`);
      const d1 = await reviewObservation(ctx, { observationId: by.RB.id, actor: 'ana', action: 'relabel', code: 'OB' });
      const d2 = await reviewObservation(ctx, { observationId: by.RB.id, actor: 'ana', action: 'grade', grade: 2 });
      await expect(revertReview(ctx, { reviewId: d1.review!.id, actor: 'ana' })).rejects.toBeInstanceOf(ConflictError);

      const u2 = await revertReview(ctx, { reviewId: d2.review!.id, actor: 'ana' });
      expect(u2.observation).toMatchObject({ code: 'OB', grade: 4, status: 'accepted' });
      expect(u2.review).toMatchObject({ action: 'revert', before: { grade: 2 }, after: { grade: 4 } });
      const u1 = await revertReview(ctx, { reviewId: d1.review!.id, actor: 'ana' });
      expect(u1.observation).toMatchObject({ code: 'RB', grade: 4, status: 'pending' });
      expect(u1.ratings).toEqual(await storedRatings(t, insp.id));
      expect(u1.ratings!.structural).toMatchObject({ rating: 8, count: 2 });

      const rj = await reviewObservation(ctx, { observationId: by.FS.id, actor: 'ana', action: 'reject' });
      expect(rj.ratings!.structural.count).toBe(1);
      const un = await revertReview(ctx, { reviewId: rj.review!.id, actor: 'ana' });
      expect(un.observation.status).toBe('pending');
      expect(un.ratings!.structural.count).toBe(2);
      expect((await listReviews(ctx, by.RB.id)).map((x) => x.action)).toEqual(['revert', 'revert', 'grade', 'relabel']);
      await expect(revertReview(ctx, { reviewId: '00000000-0000-4000-8000-000000000000', actor: 'ana' })).rejects.toBeInstanceOf(NotFoundError);
    });

    it('adds a manual observation at the nearest sampled frame, accepted and audited; undoing it rejects it', async (c) => {
      const t = suite();
      if (!t) return c.skip();
      const { ctx } = t;
      const { insp } = await seedInspection(t, `RA-${kind}`);
      // 3.13 s is nearest to frame 16 (3.2 s; 3.0 s is frame 15): distance 6.4 m.
      const added = await addObservation(ctx, { inspectionId: insp.id, code: 'IN', tS: 3.13, endS: 4.05, grade: 5, remark: 'runner', actor: 'cho' });
      expect(added.observation).toMatchObject({
        code: 'IN', source: 'manual', status: 'accepted', bestFrameIndex: 16, grade: 5, snapshotKey: null, modelCode: null, remark: 'runner', startS: 3.13, endS: 4.05,
      });
      expect(added.observation.startM).toBeCloseTo(6.4, 5);
      expect(added.observation.endM).toBeCloseTo(8, 5); // 4.05 s → frame 20 (4.0 s) → 8 m
      expect(added.observation.frameCount).toBe(5); // frames at 3.2, 3.4, 3.6, 3.8, 4.0 s
      expect(added.review).toMatchObject({ action: 'create', actor: 'cho', before: null, after: { code: 'IN', status: 'accepted', grade: 5 } });
      // O&M now RO3 + GR1 + IN5 (1.6 m → 2 occurrences of 5 ft) = 14 over 4.
      expect(added.ratings!.om).toMatchObject({ rating: 14, count: 4, quick: '5231' });

      const list = await listObservations(ctx, insp.id);
      expect(list.map((o) => o.code)).toEqual(['FS', 'RB', 'IN', 'RO', 'GR']);
      const q = await listReviewQueue(ctx, { inspectionId: insp.id });
      expect(q.items.map((i) => i.observation.code)).not.toContain('IN');

      const undone = await revertReview(ctx, { reviewId: added.review!.id, actor: 'cho' });
      expect(undone.observation.status).toBe('rejected');
      expect(undone.ratings!.om).toMatchObject({ rating: 4, count: 2 });

      await expect(addObservation(ctx, { inspectionId: insp.id, code: 'IN', tS: 5, endS: 4, grade: 3, actor: 'cho' })).rejects.toBeInstanceOf(ValidationError);
      await expect(addObservation(ctx, { inspectionId: insp.id, code: 'IN', tS: 60, grade: 3, actor: 'cho' })).rejects.toBeInstanceOf(ValidationError);
      await expect(addObservation(ctx, { inspectionId: '00000000-0000-4000-8000-000000000000', code: 'IN', tS: 1, grade: 3, actor: 'cho' })).rejects.toBeInstanceOf(NotFoundError);
      const all = await ctx.db.select().from(reviews).where(eq(reviews.observationId, added.observation.id));
      expect(all.map((r) => r.action).sort()).toEqual(['create', 'revert']);
    });
  });
}
