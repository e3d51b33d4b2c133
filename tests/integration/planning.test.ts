import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspections, observations, type InspectionStatus, type ReviewStatus } from '../../lib/db/schema';
import type { DefectCode } from '../../lib/taxonomy/codes';
import { createSegment } from '../../lib/services/segments/create-segment';
import { listPlanning, queryPlanning } from '../../lib/services/planning/list-planning';
import { parsePlanningQuery } from '../../lib/services/planning/planning-query';
import { dashboardCounts } from '../../lib/services/planning/dashboard-counts';
import { planningCsv } from '../../lib/reports/planning-csv';
import { parseCsv } from '../../lib/reports/csv';
import { makeTestContext, postgresAvailable, type TestContext } from './helpers/test-context';

type Obs = [DefectCode, number, ReviewStatus, number?];
const NOW = new Date('2026-12-01T12:00:00Z');

async function seedSegment(t: TestContext, assetId: string, o: { material?: 'concrete' | 'PVC' | 'vitrified clay'; diameterMm?: number; date?: string; inspections?: { status: InspectionStatus; obs: Obs[]; createdAt: Date }[] }) {
  const seg = await createSegment(t.ctx, {
    assetId, upstreamManhole: `${assetId}-U`, downstreamManhole: `${assetId}-D`, diameterMm: o.diameterMm ?? 300, material: o.material ?? 'concrete',
    lengthM: 50, direction: 'downstream', location: 'Main St', inspectionDate: o.date ?? '2026-11-01', operator: 'op',
  });
  for (const i of o.inspections ?? []) {
    const [insp] = await t.ctx.db
      .insert(inspections)
      .values({ segmentId: seg.id, status: i.status, videoKey: 'abcdef0123456789', originalFilename: 'v.mp4', sizeBytes: 1, sampleFps: 5, createdAt: i.createdAt, model: 'm@1' })
      .returning();
    if (i.obs.length)
      await t.ctx.db.insert(observations).values(
        i.obs.map(([code, grade, status, m = 10]) => ({
          inspectionId: insp.id, code, modelCode: code, source: 'model' as const, status, startS: m, endS: m + 0.5, startM: m, endM: m + 0.5,
          peakConfidence: 0.9, meanConfidence: 0.8, bestFrameIndex: 0, frameCount: 1, grade,
        })),
      );
  }
  return seg;
}

const day = (d: number) => new Date(Date.UTC(2026, 10, d));

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`planning on ${kind}`, () => {
    let t: TestContext | undefined;
    beforeAll(async () => {
      if (kind === 'postgres' && !(await postgresAvailable())) return;
      t = await makeTestContext(kind);
      // Expected priority: S5 (structural 5, unreviewed) > S4 (structural index 4) > S3 (structural 3 + O&M) > OM4 (O&M only)
      // > CLEAN (inspected, nothing) > NEW (no video). OLD5 had a grade 5 once but its latest inspection is clean-ish.
      await seedSegment(t, 'S5', { material: 'vitrified clay', diameterMm: 225, date: '2026-06-01', inspections: [{ status: 'done', createdAt: day(2), obs: [['DE', 5, 'pending'], ['AF', 2, 'accepted', 30]] }] });
      await seedSegment(t, 'S4', { diameterMm: 600, inspections: [{ status: 'done', createdAt: day(2), obs: [['RB', 4, 'accepted'], ['RB', 5, 'rejected', 20]] }] });
      await seedSegment(t, 'S3', { material: 'PVC', inspections: [{ status: 'done', createdAt: day(2), obs: [['FS', 3, 'accepted'], ['RO', 4, 'accepted', 25]] }] });
      await seedSegment(t, 'OM4', { material: 'PVC', date: '2026-01-15', inspections: [{ status: 'done', createdAt: day(2), obs: [['RO', 4, 'pending']] }] });
      await seedSegment(t, 'CLEAN', { inspections: [{ status: 'done', createdAt: day(2), obs: [] }] });
      await seedSegment(t, 'OLD5', {
        inspections: [
          { status: 'done', createdAt: day(1), obs: [['RB', 5, 'accepted']] },
          { status: 'done', createdAt: day(20), obs: [['GR', 1, 'accepted']] },
          { status: 'processing', createdAt: day(25), obs: [] },
        ],
      });
      await seedSegment(t, 'NEW', { inspections: [{ status: 'failed', createdAt: day(3), obs: [] }] });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('ranks by the documented rule and uses the latest finished inspection', async (c) => {
      if (!t) return c.skip();
      const rows = await listPlanning(t.ctx, NOW);
      expect(rows.map((r) => r.assetId)).toEqual(['S5', 'S4', 'S3', 'OM4', 'OLD5', 'CLEAN', 'NEW']);
      expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const by = Object.fromEntries(rows.map((r) => [r.assetId, r]));
      expect(by.S5.reason).toBe('structural grade 5 (1×)');
      expect(by.S5.unreviewed).toBe(1);
      expect(by.S5.worst.map((o) => [o.code, o.grade, o.reviewed])).toEqual([['DE', 5, false], ['AF', 2, true]]);
      expect(by.S5.ageDays).toBe(183);
      // The rejected grade 5 on S4 does not count.
      expect(by.S4.worstGrade).toBe(4);
      expect(by.S4.ratings!.overall.quick).toBe('4100');
      // OLD5's latest *finished* inspection found only a branch (grade 1); the running one is ignored.
      expect(by.OLD5.worstGrade).toBe(1);
      expect(by.OLD5.inspection!.status).toBe('done');
      expect(by.NEW.ratings).toBeNull();
      expect(by.NEW.reason).toBe('not analysed yet');
      expect(by.CLEAN.reason).toBe('no defects found');
    });

    it('filters by material, diameter, grade and unreviewed; sorts by any column', async (c) => {
      if (!t) return c.skip();
      const names = async (qs: string) => (await queryPlanning(t!.ctx, parsePlanningQuery(new URLSearchParams(qs)), NOW)).rows.map((r) => r.assetId);
      expect(await names('material=PVC')).toEqual(['S3', 'OM4']);
      expect(await names('diameterMin=250&diameterMax=400')).toEqual(['S3', 'OM4', 'OLD5', 'CLEAN', 'NEW']);
      expect(await names('minGrade=4')).toEqual(['S5', 'S4', 'S3', 'OM4']);
      expect(await names('unreviewed=1')).toEqual(['S5', 'OM4']);
      expect(await names('minGrade=4&material=PVC&unreviewed=1')).toEqual(['OM4']);
      // Ties (same age) fall back to priority rank.
      expect(await names('sort=age')).toEqual(['OM4', 'S5', 'S4', 'S3', 'OLD5', 'CLEAN', 'NEW']);
      expect((await names('sort=diameter&dir=asc'))[0]).toBe('S5');
      expect(await names('sort=asset')).toEqual(['CLEAN', 'NEW', 'OLD5', 'OM4', 'S3', 'S4', 'S5']);
      // Garbage in the URL falls back to no filter.
      expect(await names('minGrade=9&material=gold&sort=nope')).toHaveLength(7);
      // Filters never change a segment's rank.
      const q = await queryPlanning(t!.ctx, parsePlanningQuery(new URLSearchParams('material=PVC')), NOW);
      expect(q.rows.map((r) => r.rank)).toEqual([3, 4]);
      expect(q.total).toBe(7);
    });

    it('exports the list as CSV that round-trips', async (c) => {
      if (!t) return c.skip();
      const rows = await listPlanning(t.ctx, NOW);
      const [header, ...lines] = parseCsv(planningCsv(rows));
      expect(lines).toHaveLength(rows.length);
      const col = (name: string) => header.indexOf(name);
      lines.forEach((l, i) => {
        expect(l[col('Pipe_Segment_Reference')]).toBe(rows[i].assetId);
        expect(Number(l[col('Priority_Rank')])).toBe(rows[i].rank);
        expect(l[col('Quick_Rating')]).toBe(rows[i].ratings?.overall.quick ?? '');
        expect(l[col('Worst_Grade')]).toBe(rows[i].ratings ? String(rows[i].worstGrade) : '');
        expect(Number(l[col('Age_Days')])).toBe(rows[i].ageDays);
      });
      expect(lines[0][col('Worst_Observations')]).toBe('DE 5 @10.0m (unreviewed); AF 2 @30.0m');
    });

    it('dashboard counts: inspections by status, review backlog, segments by worst grade', async (c) => {
      if (!t) return c.skip();
      const d = await dashboardCounts(t.ctx);
      expect(d.inspectionsByStatus).toEqual({ queued: 0, probing: 0, processing: 1, done: 7, failed: 1 });
      expect(d.awaitingReview).toBe(2);
      expect(d.inspectionsAwaitingReview).toBe(2);
      // none: CLEAN; grade 1: OLD5; grade 4: S4, S3, OM4; grade 5: S5; not analysed: NEW.
      expect(d.segmentsByWorstGrade).toEqual([1, 1, 0, 0, 3, 1]);
      expect(d.segmentsNotAnalysed).toBe(1);
      expect(d.segments).toBe(7);
    });
  });
}
