import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addObservation } from '../../lib/services/observations/add-observation';
import { exportInspectionReport } from '../../lib/services/reports/export-report';
import { listPlanning } from '../../lib/services/planning/list-planning';
import { planningCsv } from '../../lib/reports/planning-csv';
import { parseCsv } from '../../lib/reports/csv';
import { makeTestContext, type TestContext } from './helpers/test-context';
import { HOSTILE_FILENAME, HOSTILE_TEXT, seedHostileInspection } from './helpers/hostile-seed';

/**
 * Hostile strings stored verbatim must come out of every report harmless: CSV cells a spreadsheet
 * would run as formulas are neutralised with a leading apostrophe, JSON carries the exact text, the
 * PDF draws it as literal text, and download names are derived from the (restricted) asset id.
 */
const FORMULA_KEYS = new Set(['formula', 'plus', 'minus', 'at', 'spacedFormula']);
/** Would a spreadsheet evaluate this cell? (the check is independent of lib/reports/csv.ts) */
const runnable = (cell: string) => /^[\s\u0000]*[=+\-@]/.test(cell) && !/^[-+]?\d+(\.\d+)?$/.test(cell);

function pdfText(pdf: Buffer): string {
  const f = path.join(os.tmpdir(), `hostile-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(f, pdf);
  try {
    return execFileSync('pdftotext', [f, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(f, { force: true });
  }
}

describe('reports of hostile text (pglite)', () => {
  let t: TestContext;
  let inspectionId: string;
  const remarks = new Map<string, string>();
  beforeAll(async () => {
    t = await makeTestContext('pglite');
    ({ inspectionId } = await seedHostileInspection(t.ctx, 'REPORT-1'));
    for (const [i, [key, text]] of Object.entries(HOSTILE_TEXT).entries()) {
      const r = await addObservation(t.ctx, { inspectionId, code: 'RB', tS: i % 10, grade: 3, remark: text, actor: text });
      remarks.set(r.observation.id, key);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('CSV: every formula-like cell is neutralised, everything else is verbatim', async () => {
    const file = await exportInspectionReport(t.ctx, { inspectionId, format: 'csv' });
    expect(file.filename).toMatch(/^[A-Za-z0-9._-]+$/);
    const [header, ...rows] = parseCsv(file.body.toString('utf8'));
    expect(rows).toHaveLength(Object.keys(HOSTILE_TEXT).length);
    for (const row of rows) {
      const r = Object.fromEntries(header.map((h, i) => [h, row[i]]));
      const key = remarks.get(r.Observation_ID)! as keyof typeof HOSTILE_TEXT;
      const stored = HOSTILE_TEXT[key].trim();
      expect(r.Remarks, key).toBe(FORMULA_KEYS.has(key) ? `'${stored}` : stored);
      for (const cell of row) expect(runnable(cell), cell).toBe(false);
    }
  });

  it('planning CSV: hostile segment fields are neutralised too', async () => {
    const [header, ...rows] = parseCsv(planningCsv(await listPlanning(t.ctx)));
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(row.Upstream_MH).toBe(`'${HOSTILE_TEXT.formula}`);
    expect(row.Downstream_MH).toBe(HOSTILE_TEXT.script);
    expect(row.Location).toBe(`${HOSTILE_TEXT.sql} ${HOSTILE_TEXT.img}`);
    for (const r of rows) for (const cell of r) expect(runnable(cell), cell).toBe(false);
  });

  it('JSON: the exact stored text, as data', async () => {
    const file = await exportInspectionReport(t.ctx, { inspectionId, format: 'json' });
    expect(file.contentType).toMatch(/^application\/json/);
    const doc = JSON.parse(file.body.toString('utf8'));
    expect(doc.segment).toMatchObject({ upstream_manhole: HOSTILE_TEXT.formula, downstream_manhole: HOSTILE_TEXT.script, location: `${HOSTILE_TEXT.sql} ${HOSTILE_TEXT.img}`, operator: HOSTILE_TEXT.at });
    expect(doc.inspection.original_filename).toBe(HOSTILE_FILENAME);
    for (const o of doc.observations) expect(o.remark).toBe(HOSTILE_TEXT[remarks.get(o.id) as keyof typeof HOSTILE_TEXT].trim());
    expect([...doc.reviewers].sort()).toEqual(Object.values(HOSTILE_TEXT).map((s) => s.trim()).sort());
  });

  it('PDF: renders, and shows the strings as literal text', async () => {
    const file = await exportInspectionReport(t.ctx, { inspectionId, format: 'pdf' });
    expect(file.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(file.body).replace(/\s+/g, ' ');
    for (const s of ['<script>alert(1)</script>', "'; DROP TABLE segments; --", '<img src=x onerror=alert(1)>', '관로 조사', 'O\'Brien said "hi"', '../../<script>alert(1)</script>=cmd.mp4']) {
      expect(text, s).toContain(s);
    }
  });
});
