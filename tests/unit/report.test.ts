import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../lib/db/schema';
import { csvField, formatCsv, parseCsv } from '../../lib/reports/csv';
import { ageDays, distanceRange, fileStem, timeRange, videoCounter } from '../../lib/reports/format';
import { reportRatings, selectObservations } from '../../lib/reports/select';
import { inspectionCsv, INSPECTION_CSV_HEADER } from '../../lib/reports/inspection-csv';
import { renderInspectionPdf } from '../../lib/reports/pdf/render';
import { stripPosition, tickStep } from '../../lib/reports/pdf/pipe-strip';
import { comparePriority, priorityReason } from '../../lib/services/planning/priority';
import { segmentRatings } from '../../lib/analysis/ratings';
import type { InspectionReport } from '../../lib/reports/types';
import type { DefectCode } from '../../lib/taxonomy/codes';

function obs(code: DefectCode, grade: number, status: Observation['status'], startM: number | null, extra: Partial<Observation> = {}): Observation {
  return {
    id: crypto.randomUUID(), inspectionId: crypto.randomUUID(), code, modelCode: code, source: 'model', status, startS: (startM ?? 0) / 2, endS: (startM ?? 0) / 2 + 1,
    startM, endM: startM == null ? null : startM + 0.5, peakConfidence: 0.9, meanConfidence: 0.8, bestFrameIndex: 0, frameCount: 3, grade, box: null, alternatives: [], snapshotKey: null,
    remark: '', createdAt: new Date(), updatedAt: new Date(), ...extra,
  };
}

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, neutralises formulas, and parses back', () => {
    const rows = [['a,b', 'say "hi"', 'two\nlines', '=HYPERLINK("x")', '-1.5', '+cmd', '침입수, 확인'], [1, null, true, false, '', undefined, 0.25]] as const;
    const text = formatCsv(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    const back = parseCsv(text);
    expect(back[1]).toEqual(['a,b', 'say "hi"', 'two\nlines', `'=HYPERLINK("x")`, '-1.5', `'+cmd`, '침입수, 확인']);
    expect(back[2]).toEqual(['1', '', 'Y', 'N', '', '', '0.25']);
    expect(csvField('plain')).toBe('plain');
    expect(() => parseCsv('"open')).toThrow(/quoted/);
  });
});

describe('formatting', () => {
  it('video counter, ranges, age and file names', () => {
    expect(videoCounter(0)).toBe('0:00');
    expect(videoCounter(75.4)).toBe('1:15');
    expect(videoCounter(3725)).toBe('1:02:05');
    expect(timeRange(9.1, 9.3)).toBe('0:09');
    expect(timeRange(1, 62)).toBe('0:01–1:02');
    expect(distanceRange(3.6, 8.1)).toBe('3.6–8.1');
    expect(distanceRange(25.2, 25.2)).toBe('25.2');
    expect(distanceRange(null, null)).toBe('—');
    expect(ageDays('2026-11-01', new Date('2026-12-01T23:59:00Z'))).toBe(30);
    expect(ageDays('2027-01-01', new Date('2026-12-01T00:00:00Z'))).toBe(0);
    expect(fileStem('MH 12/13 "x"')).toBe('MH_12_13_x');
  });
});

describe('observation selection and ratings', () => {
  const rows = [obs('RB', 4, 'accepted', 20), obs('DE', 5, 'pending', 5), obs('FS', 3, 'rejected', 1), obs('RO', 2, 'accepted', null), obs('IN', 3, 'accepted', 2, { source: 'manual', modelCode: null })];

  it('default: accepted only, along the pipe; unknown distances last', () => {
    const { observations, omitted } = selectObservations(rows, { includeUnreviewed: false });
    expect(observations.map((o) => o.code)).toEqual(['IN', 'RB', 'RO']);
    expect(observations.map((o) => o.number)).toEqual([1, 2, 3]);
    expect(observations.every((o) => o.reviewed)).toBe(true);
    expect(omitted).toEqual({ pending: 1, rejected: 1 });
    expect(observations[0].nearest.korean).toBe('침입수');
  });

  it('include unreviewed: pending ones join, marked; ratings follow the exported set', () => {
    const def = selectObservations(rows, { includeUnreviewed: false }).observations;
    const all = selectObservations(rows, { includeUnreviewed: true }).observations;
    expect(all.map((o) => [o.code, o.reviewed])).toEqual([['IN', true], ['DE', false], ['RB', true], ['RO', true]]);
    expect(reportRatings(def).overall.quick).toBe('4131');
    expect(reportRatings(all).overall.quick).toBe('5141');
    expect(reportRatings(all)).toEqual(segmentRatings([{ grade: 3, kind: 'om' }, { grade: 5, kind: 'structural' }, { grade: 4, kind: 'structural' }, { grade: 2, kind: 'om' }]));
  });

  it('CSV has one row per exported observation with the nearest codes', () => {
    const { observations, omitted } = selectObservations(rows, { includeUnreviewed: true });
    const report = fakeReport(observations, omitted);
    const [header, ...lines] = parseCsv(inspectionCsv(report));
    expect(header).toEqual([...INSPECTION_CSV_HEADER]);
    expect(lines.map((l) => l[header.indexOf('Sewer_ML_Code')])).toEqual(['IN', 'DE', 'RB', 'RO']);
    expect(lines.map((l) => l[header.indexOf('Reviewed')])).toEqual(['Y', 'N', 'Y', 'Y']);
    expect(lines[2][header.indexOf('PACP_Code_Nearest')]).toBe('C*, F*, B*, H, X');
    expect(lines[3][header.indexOf('Distance')]).toBe('');
  });
});

describe('pipe strip', () => {
  it('ticks 1-2-5 and falls back to time when the distance is unknown', () => {
    expect(tickStep(36)).toBe(5);
    expect(tickStep(120)).toBe(20);
    expect(tickStep(8)).toBe(1);
    expect(stripPosition({ startM: 3, endM: 4, startS: 0, endS: 1 }, 50, 100)).toEqual({ from: 3, to: 4, estimated: false });
    expect(stripPosition({ startM: null, endM: null, startS: 50, endS: 60 }, 40, 100)).toEqual({ from: 20, to: 24, estimated: true });
  });
});

describe('planning priority', () => {
  const r = (assetId: string, items: { grade: number; kind: 'structural' | 'om' }[] | null, ageDays = 0) => ({ assetId, ageDays, ratings: items ? segmentRatings(items) : null });
  it('structural grade 5 first, then structural index, then O&M index, then rating, then age; unanalysed last', () => {
    const list = [
      r('none', null),
      r('om5', [{ grade: 5, kind: 'om' }]),
      r('s4', [{ grade: 4, kind: 'structural' }]),
      r('s5', [{ grade: 5, kind: 'structural' }, { grade: 1, kind: 'structural' }]),
      r('s4-old', [{ grade: 4, kind: 'structural' }], 400),
      r('clean', []),
    ];
    expect([...list].sort(comparePriority).map((x) => x.assetId)).toEqual(['s5', 's4-old', 's4', 'om5', 'clean', 'none']);
    expect(priorityReason(list[3].ratings)).toBe('structural grade 5 (1×)');
    expect(priorityReason(list[1].ratings)).toBe('O&M index 5.00');
  });
});

describe('PDF renderer (no database)', () => {
  it('renders every page type with Korean text, page numbers and the snapshot; text is extractable', async () => {
    const rows = [obs('RB', 4, 'accepted', 3, { remark: '균열 확인' }), obs('AF', 2, 'pending', 12)];
    const { observations, omitted } = selectObservations(rows, { includeUnreviewed: true });
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#446' } }).jpeg().toBuffer();
    const pdf = await renderInspectionPdf(fakeReport(observations, omitted), new Map([[observations[0].id, jpeg], [observations[1].id, null]]));
    const f = path.join(os.tmpdir(), `unit-report-${process.pid}.pdf`);
    fs.writeFileSync(f, pdf);
    try {
      const text = execFileSync('pdftotext', ['-layout', f, '-'], { encoding: 'utf8' });
      const pages = execFileSync('pdfinfo', [f], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)![1];
      expect(text).toContain('UNIT-SEG-7');
      expect(text).toContain('부산 해운대구');
      expect(text).toContain('균열 확인');
      expect(text).toContain('4121');
      expect(text).toContain('UNREVIEWED');
      expect(text).toContain('snapshot not available');
      expect(text).toContain(`Page ${pages} of ${pages}`);
      expect(text).toMatch(/^\s*1\s+3\.0–3\.5\s+[\d:–]+\s+RB\s.*\s4\s/m);
      expect(text).toMatch(/^\s*2\s+12\.0–12\.5\s+[\d:–]+\s+AF\s.*\s2\s/m);
      expect(Number(pages)).toBeGreaterThanOrEqual(4);
    } finally {
      fs.rmSync(f, { force: true });
    }
  });
});

function fakeReport(observations: InspectionReport['observations'], omitted: InspectionReport['omitted']): InspectionReport {
  return {
    generatedAt: '2026-12-01T10:00:00.000Z',
    options: { includeUnreviewed: true },
    segment: { id: crypto.randomUUID(), assetId: 'UNIT-SEG-7', upstreamManhole: 'A1', downstreamManhole: 'A2', diameterMm: 300, material: 'PVC', lengthM: 20, direction: 'upstream', location: '부산 해운대구', inspectionDate: '2026-11-30', operator: 'unit' },
    inspection: { id: crypto.randomUUID(), status: 'done', originalFilename: 'u.mp4', video: { durationS: 30, fps: 25, width: 64, height: 48, codec: 'h264', formatName: 'mp4', displayAspect: 4 / 3, rotation: 0, sizeBytes: 1000, interlaced: false }, sampleFps: 2, createdAt: '2026-12-01T09:00:00.000Z', finishedAt: null },
    model: { name: 'unit', version: '0' },
    frames: { count: 60, firstS: 0, lastS: 29.5, maxDistanceM: 20 },
    observations,
    ratings: reportRatings(observations),
    omitted,
    reviewers: ['unit'],
    reviews: [],
  };
}
