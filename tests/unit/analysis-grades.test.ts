import { describe, expect, it } from 'vitest';
import { gradeObservation, gradeObservations, occurrenceCount, observationExtent, SEVERITY_PRIOR } from '../../lib/analysis/grades';
import type { DetectedObservation } from '../../lib/analysis/observations';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';

function obs(code: DefectCode, p: Partial<DetectedObservation> = {}): DetectedObservation {
  return { code, startS: 10, endS: 12, startM: 5, endM: 5.4, peakConfidence: 0.7, meanConfidence: 0.6, bestFrameIndex: 55, frameCount: 11, ...p };
}

describe('gradeObservation', () => {
  it('uses the class prior for an ordinary, short detection', () => {
    for (const c of DEFECT_CODES) expect(gradeObservation(obs(c), { segmentLengthM: 50 })).toBe(SEVERITY_PRIOR[c]);
    expect(gradeObservation(obs('DE'))).toBe(4);
    expect(gradeObservation(obs('GR'))).toBe(1);
  });

  it('raises pronounced and extensive defects, lowers borderline ones, within 1..5', () => {
    const ctx = { segmentLengthM: 40 };
    expect(gradeObservation(obs('RB', { peakConfidence: 0.95 }), ctx)).toBe(4); // 3 + 0.5 → 4
    expect(gradeObservation(obs('RB', { meanConfidence: 0.4 }), ctx)).toBe(3); // 3 − 0.5 → 2.5 → 3 (half up)
    expect(gradeObservation(obs('FS', { meanConfidence: 0.4 }), ctx)).toBe(2); // 1.5 → 2
    expect(gradeObservation(obs('RB', { startM: 0, endM: 12 }), ctx)).toBe(4); // 30 % of 40 m → +1
    expect(gradeObservation(obs('RB', { startM: 0, endM: 5 }), ctx)).toBe(4); // 12.5 % → +0.5 → 3.5 → 4
    expect(gradeObservation(obs('DE', { peakConfidence: 0.99, startM: 0, endM: 40 }), ctx)).toBe(5); // 5.5 clamps
    expect(gradeObservation(obs('GR', { meanConfidence: 0.1 }), ctx)).toBe(1); // 0.5 clamps up to 1
  });

  it('measures extent in metres when known, else in video time', () => {
    expect(observationExtent(obs('AF', { startM: 10, endM: 20 }), { segmentLengthM: 50, durationS: 100 })).toBeCloseTo(0.2, 9);
    expect(observationExtent(obs('AF', { startM: null, endM: null, startS: 0, endS: 30 }), { segmentLengthM: 50, durationS: 100 })).toBeCloseTo(0.3, 9);
    expect(observationExtent(obs('AF'), {})).toBeNull();
    expect(gradeObservation(obs('AF', { startM: null, endM: null, startS: 0, endS: 30 }), { durationS: 100 })).toBe(3);
  });
});

describe('occurrenceCount (PACP continuous defects: once per started 5 ft)', () => {
  it('counts point defects once and long ones per 1.524 m', () => {
    expect(occurrenceCount(obs('RO', { startM: 3, endM: 3.5 }))).toBe(1);
    expect(occurrenceCount(obs('RO', { startM: 3, endM: 3 + 1.524 }))).toBe(1);
    expect(occurrenceCount(obs('RO', { startM: 3, endM: 6 }))).toBe(2);
    expect(occurrenceCount(obs('RO', { startM: 0, endM: 15.24 }))).toBe(10);
    expect(occurrenceCount(obs('RO', { startM: null }))).toBe(1);
  });
});

describe('gradeObservations', () => {
  it('adds grade, structural/O&M kind, extent and count', () => {
    const g = gradeObservations([obs('RB'), obs('RO', { startM: 0, endM: 6 })], { segmentLengthM: 60 });
    expect(g.map((o) => [o.code, o.grade, o.kind, o.count])).toEqual([['RB', 3, 'structural', 1], ['RO', 4, 'om', 4]]); // RO: 10 % extent → 3.5 → 4
    expect(g[1].extent).toBeCloseTo(0.1, 9);
    expect(g[0].bestFrameIndex).toBe(55);
  });
});
