import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { observations, reviews } from '../../lib/db/schema';
import { reviewObservation } from '../../lib/services/review/review-observation';
import { addObservation } from '../../lib/services/observations/add-observation';
import { exportInspectionReport } from '../../lib/services/reports/export-report';
import { writeInspectionPdf } from '../../lib/reports/pdf-cli';
import { parseCsv } from '../../lib/reports/csv';
import { occurrenceCount } from '../../lib/analysis/grades';
import { segmentRatings } from '../../lib/analysis/ratings';
import { defectClass } from '../../lib/taxonomy/codes';
import { NotFoundError, ValidationError } from '../../lib/services/errors';
import { makeTestContext, postgresAvailable, type TestContext } from './helpers/test-context';
import { seedReportInspection, type SeededInspection } from './report-seed';

/** pdftotext (poppler-utils) with -layout keeps a table row on one line. */
function pdfText(pdf: Buffer): string {
  const f = path.join(os.tmpdir(), `report-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(f, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(f, { force: true });
  }
}

function csvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`inspection report on ${kind}`, () => {
    let t: TestContext | undefined;
    let s: SeededInspection;
    beforeAll(async () => {
      if (kind === 'postgres' && !(await postgresAvailable())) return;
      t = await makeTestContext(kind);
      s = await seedReportInspection(t.ctx, `SEG-${kind}-0042`);
      // Two engineers review: RB accepted with a remark, RO regraded, FS rejected, DE and AF left pending,
      // and one manual observation (accepted by construction) with a Korean remark.
      await reviewObservation(t.ctx, { observationId: s.by.RB.id, actor: 'ana', action: 'accept' });
      await reviewObservation(t.ctx, { observationId: s.by.RB.id, actor: 'ana', action: 'remark', remark: 'crack at crown, "2 o\'clock", needs lining' });
      await reviewObservation(t.ctx, { observationId: s.by.RO.id, actor: '박지훈', action: 'grade', grade: 4 });
      await reviewObservation(t.ctx, { observationId: s.by.RO.id, actor: '박지훈', action: 'accept' });
      await reviewObservation(t.ctx, { observationId: s.by.FS.id, actor: 'ana', action: 'reject' });
      await addObservation(t.ctx, { inspectionId: s.inspectionId, code: 'IN', tS: 7, grade: 3, remark: '침입수 확인', actor: '박지훈' });
    });
    afterAll(async () => {
      await t?.close();
    });

    const dbRows = async () => t!.ctx.db.select().from(observations).where(eq(observations.inspectionId, s.inspectionId));

    it('CSV round-trips the accepted observations by default, one row each, with PACP-style columns', async (c) => {
      if (!t) return c.skip();
      const file = await exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'csv' });
      expect(file.contentType).toMatch(/^text\/csv/);
      expect(file.filename).toBe(`SEG-${kind}-0042_2026-10-14.csv`);
      const rows = csvObjects(file.body.toString('utf8'));
      const accepted = (await dbRows()).filter((o) => o.status === 'accepted');
      expect(accepted).toHaveLength(3);
      expect(rows.map((r) => r.Observation_ID).sort()).toEqual(accepted.map((o) => o.id).sort());
      for (const o of accepted) {
        const r = rows.find((x) => x.Observation_ID === o.id)!;
        expect(r.Pipe_Segment_Reference).toBe(s.assetId);
        expect(r.Sewer_ML_Code).toBe(o.code);
        expect(Number(r.Grade)).toBe(o.grade);
        expect(Number(r.Distance)).toBeCloseTo(o.startM!, 2);
        expect(Number(r.Distance_To)).toBeCloseTo(o.endM!, 2);
        expect(r.PACP_Code_Nearest).toBe(defectClass(o.code).pacp);
        expect(r.Korean_Code_Nearest).toBe(defectClass(o.code).korean);
        expect(r.Remarks).toBe(o.remark);
        expect(r.Reviewed).toBe('Y');
        expect(r.Review_Status).toBe('accepted');
      }
      expect(rows.find((r) => r.Sewer_ML_Code === 'RO')!.Grade).toBe('4');
      // Ordered along the pipe.
      const d = rows.map((r) => Number(r.Distance));
      expect(d).toEqual([...d].sort((a, b) => a - b));
    });

    it('CSV with include=unreviewed adds the pending ones, marked, and never the rejected one', async (c) => {
      if (!t) return c.skip();
      const rows = csvObjects((await exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'csv', includeUnreviewed: true })).body.toString('utf8'));
      const notRejected = (await dbRows()).filter((o) => o.status !== 'rejected');
      expect(rows.map((r) => r.Observation_ID).sort()).toEqual(notRejected.map((o) => o.id).sort());
      expect(rows.filter((r) => r.Reviewed === 'N').map((r) => r.Sewer_ML_Code).sort()).toEqual(['AF', 'DE']);
      expect(rows.some((r) => r.Sewer_ML_Code === 'FS')).toBe(false);
    });

    it('JSON holds the whole inspection; ratings are over the exported observations; reviewers from the audit trail', async (c) => {
      if (!t) return c.skip();
      for (const includeUnreviewed of [false, true]) {
        const j = JSON.parse((await exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'json', includeUnreviewed })).body.toString('utf8'));
        const rows = (await dbRows()).filter((o) => o.status === 'accepted' || (includeUnreviewed && o.status === 'pending'));
        expect(j.segment.asset_id).toBe(s.assetId);
        expect(j.segment.location).toBe('서울 중구 세종대로 110');
        expect(j.model).toEqual({ name: 'sewer-mobilenet', version: '1.2.0' });
        expect(j.frames).toEqual({ count: 40, first_t_s: 0, last_t_s: 9.75, max_distance_m: expect.closeTo(35.1, 3) });
        expect(j.scope).toEqual({ include_unreviewed: includeUnreviewed, omitted: { pending: includeUnreviewed ? 0 : 2, rejected: 1 } });
        expect(j.observations.map((o: { id: string }) => o.id).sort()).toEqual(rows.map((o) => o.id).sort());
        for (const o of rows) {
          const x = j.observations.find((y: { id: string }) => y.id === o.id);
          expect(x).toMatchObject({ code: o.code, grade: o.grade, start_s: o.startS, end_s: o.endS, status: o.status, source: o.source, remark: o.remark, confidence: o.peakConfidence });
        }
        const expected = segmentRatings(rows.map((o) => ({ grade: o.grade, kind: defectClass(o.code).kind, count: occurrenceCount(o) })));
        expect(j.ratings.quick).toBe(expected.overall.quick);
        expect(j.ratings.structural.rating).toBe(expected.structural.rating);
        expect(j.ratings.om.count_by_grade).toEqual(expected.om.countByGrade);
        expect(j.reviewers).toEqual(['ana', '박지훈']);
        const audit = await t.ctx.db.select().from(reviews);
        const exportedIds = new Set(rows.map((o) => o.id));
        expect(j.reviews).toHaveLength(audit.filter((r) => exportedIds.has(r.observationId)).length);
      }
    });

    it('PDF text has the segment id, every observation code and grade, the quick rating and the unreviewed marker', async (c) => {
      if (!t) return c.skip();
      for (const includeUnreviewed of [false, true]) {
        const file = await exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'pdf', includeUnreviewed });
        expect(file.body.subarray(0, 5).toString()).toBe('%PDF-');
        const text = pdfText(file.body);
        const j = JSON.parse((await exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'json', includeUnreviewed })).body.toString('utf8'));
        expect(text).toContain(s.assetId);
        expect(text).toContain('서울 중구 세종대로 110');
        expect(text).toContain('김민수');
        expect(text).toContain('sewer-mobilenet@1.2.0');
        expect(text).toMatch(/Reviewer\(s\)\s+ana, 박지훈/);
        expect(text).toContain(j.ratings.quick);
        for (const o of j.observations as { number: number; code: string; grade: number; nearest: { korean: string } }[]) {
          // The table row: "#  distance  time  CODE  name … grade" on one line.
          expect(text).toMatch(new RegExp(`^\\s*${o.number}\\s+[\\d.–]+\\s+[\\d:–]+\\s+${o.code}\\s.*\\s${o.grade}\\s`, 'm'));
          expect(text).toMatch(new RegExp(`#${o.number}\\s+${o.code} — `));
        }
        expect(text.includes('UNREVIEWED')).toBe(includeUnreviewed);
        expect(text).toMatch(/Page 1 of \d+/);
        if (!includeUnreviewed) expect(text).not.toMatch(/^\s*\d+\s+[\d.–]+\s+[\d:–]+\s+FS\s/m);
      }
    });

    it('writeInspectionPdf (the analyze CLI path) includes unreviewed observations by default', async (c) => {
      if (!t) return c.skip();
      const out = path.join(t.dataDir, 'cli.pdf');
      await writeInspectionPdf(t.ctx, s.inspectionId, out);
      const text = pdfText(fs.readFileSync(out));
      expect(text).toContain('UNREVIEWED');
      expect(text).toMatch(/^\s*\d+\s+[\d.–]+\s+[\d:–]+\s+DE\s/m);
    });

    it('rejects an unknown format and an unknown inspection with typed errors', async (c) => {
      if (!t) return c.skip();
      await expect(exportInspectionReport(t.ctx, { inspectionId: s.inspectionId, format: 'docx' })).rejects.toBeInstanceOf(ValidationError);
      await expect(exportInspectionReport(t.ctx, { inspectionId: crypto.randomUUID(), format: 'csv' })).rejects.toBeInstanceOf(NotFoundError);
    });
  });
}
