import { describe, expect, it } from 'vitest';
import { DEFECT_CLASSES, DEFECT_CODES } from '../../lib/taxonomy/codes';
import {
  binarize,
  calibrateThresholds,
  computeMetrics,
  fBeta,
  flattenScores,
  metricsFromScores,
  NUM_CLASSES,
  thresholdsFromRecord,
  thresholdsToRecord,
} from '../../lib/ml/metrics';

/** Builds an n×17 0/1 matrix from per-row code lists. */
function rows(...codes: string[][]): Uint8Array {
  const out = new Uint8Array(codes.length * NUM_CLASSES);
  codes.forEach((list, r) => list.forEach((code) => (out[r * NUM_CLASSES + DEFECT_CODES.indexOf(code as never)] = 1)));
  return out;
}

const SUM_CIW = DEFECT_CLASSES.reduce((s, c) => s + c.ciw, 0);

describe('fBeta', () => {
  it('matches 5PR/(4P+R) and 2PR/(P+R), 0 when undefined', () => {
    expect(fBeta(0.5, 1, 2)).toBeCloseTo((5 * 0.5) / (2 + 1), 12); // 0.8333…
    expect(fBeta(0.5, 1, 1)).toBeCloseTo(2 / 3, 12);
    expect(fBeta(0, 0, 2)).toBe(0);
    expect(fBeta(1, 0, 2)).toBe(0);
  });
});

describe('computeMetrics', () => {
  it('hand-computed case: RB, FS and the implicit normal class', () => {
    // truth:  [RB] [RB] [FS] [] [] [RB,FS]
    // pred:   [RB] []   [RB] [] [FS] [RB,FS]
    const truth = rows(['RB'], ['RB'], ['FS'], [], [], ['RB', 'FS']);
    const pred = rows(['RB'], [], ['RB'], [], ['FS'], ['RB', 'FS']);
    const m = computeMetrics(pred, truth);
    expect(m.n).toBe(6);
    // RB: tp 2 (rows 0,5), fp 1 (row 2), fn 1 (row 1) → P 2/3, R 2/3, F1 2/3, F2 2/3
    expect(m.classes.RB).toMatchObject({ tp: 2, fp: 1, fn: 1, support: 3 });
    expect(m.classes.RB.precision).toBeCloseTo(2 / 3, 12);
    expect(m.classes.RB.f2).toBeCloseTo(2 / 3, 12);
    // FS: tp 1 (row 5), fp 1 (row 4), fn 1 (row 2) → P 1/2, R 1/2
    expect(m.classes.FS).toMatchObject({ tp: 1, fp: 1, fn: 1, support: 2 });
    expect(m.classes.FS.f2).toBeCloseTo(0.5, 12);
    // classes never present nor predicted: everything 0
    expect(m.classes.OK).toEqual({ tp: 0, fp: 0, fn: 0, support: 0, precision: 0, recall: 0, f1: 0, f2: 0 });
    // normal: truly normal rows 3,4; predicted normal rows 1,3 → tp 1 (row 3), fp 1 (row 1), fn 1 (row 4)
    expect(m.normal).toMatchObject({ tp: 1, fp: 1, fn: 1, support: 2 });
    expect(m.f1_normal).toBeCloseTo(0.5, 12);
    // F2-CIW over all 17 classes, absent ones count as 0
    expect(m.f2_ciw).toBeCloseTo((1.0 * (2 / 3) + 0.6419 * 0.5) / SUM_CIW, 12);
  });

  it('precision 0 when a class is never predicted, recall 0 → F2 0', () => {
    const m = computeMetrics(rows([], []), rows(['OS'], []));
    expect(m.classes.OS).toMatchObject({ tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f2: 0 });
    // row 0 predicted normal but has a defect → normal fp; row 1 normal & predicted normal → tp
    expect(m.normal).toMatchObject({ tp: 1, fp: 1, fn: 0 });
    expect(m.f1_normal).toBeCloseTo(2 / 3, 12);
  });

  it('perfect predictions give F2-CIW 1 only when every class is present', () => {
    const all = rows([...DEFECT_CODES], []);
    const m = computeMetrics(all, all);
    expect(m.f2_ciw).toBeCloseTo(1, 12);
    expect(m.f1_normal).toBe(1);
    const onlyRb = rows(['RB']);
    expect(computeMetrics(onlyRb, onlyRb).f2_ciw).toBeCloseTo(1 / SUM_CIW, 12);
  });

  it('F2 weighs recall above precision', () => {
    // P = 1/4, R = 1 → F2 = 5·0.25/(1+1) = 0.625; P = 1, R = 1/4 → F2 = 1.25/4.25
    const truth = rows(['RB'], [], [], []);
    const highRecall = computeMetrics(rows(['RB'], ['RB'], ['RB'], ['RB']), truth);
    expect(highRecall.classes.RB.f2).toBeCloseTo(0.625, 12);
    const truth2 = rows(['RB'], ['RB'], ['RB'], ['RB']);
    const highPrecision = computeMetrics(rows(['RB'], [], [], []), truth2);
    expect(highPrecision.classes.RB.f2).toBeCloseTo(1.25 / 4.25, 12);
  });

  it('rejects mismatched shapes', () => {
    expect(() => computeMetrics(new Uint8Array(17), new Uint8Array(34))).toThrow(/length/);
    expect(() => computeMetrics(new Uint8Array(16), new Uint8Array(16))).toThrow(/multiple/);
  });
});

describe('thresholding', () => {
  it('a class fires at score >= threshold (Sewer-ML uses >=)', () => {
    const t = new Array(NUM_CLASSES).fill(0.5);
    const s = new Float32Array(NUM_CLASSES);
    s[0] = 0.5;
    s[1] = 0.4999;
    const b = binarize(s, t);
    expect(b[0]).toBe(1);
    expect(b[1]).toBe(0);
  });

  it('metricsFromScores uses per-class thresholds', () => {
    const t = new Array(NUM_CLASSES).fill(0.5);
    t[0] = 0.9;
    const scores = flattenScores([
      Object.assign(new Array(NUM_CLASSES).fill(0), { 0: 0.8 }),
      Object.assign(new Array(NUM_CLASSES).fill(0), { 0: 0.95 }),
    ]);
    const m = metricsFromScores(scores, rows(['RB'], ['RB']), t);
    expect(m.classes.RB).toMatchObject({ tp: 1, fn: 1, fp: 0 });
  });

  it('record <-> array round trip, missing codes fall back', () => {
    const arr = DEFECT_CODES.map((_, i) => i / 20);
    expect(thresholdsFromRecord(thresholdsToRecord(arr))).toEqual(arr);
    expect(thresholdsFromRecord({ RB: 0.3 }, 0.6)).toEqual([0.3, ...new Array(16).fill(0.6)]);
  });
});

describe('calibrateThresholds', () => {
  it('picks the cut that maximises F2 (hand-computed)', () => {
    // RB scores (label): 0.9(1) 0.8(0) 0.7(1) 0.4(1) 0.2(0) 0.1(0); 3 positives.
    // cut after 0.9: tp1 fp0 fn2 → 5/(5+8)=0.385; after 0.8: tp1 fp1 fn2 → 5/14=0.357
    // after 0.7: tp2 fp1 fn1 → 10/15=0.667; after 0.4: tp3 fp1 fn0 → 15/16=0.9375 ← best
    // after 0.2: 15/17; after 0.1: 15/18. Threshold = midpoint(0.4, 0.2) = 0.3.
    const s = [0.9, 0.8, 0.7, 0.4, 0.2, 0.1];
    const l = [1, 0, 1, 1, 0, 0];
    const scores = new Float32Array(s.length * NUM_CLASSES);
    const labels = new Uint8Array(s.length * NUM_CLASSES);
    s.forEach((v, r) => {
      scores[r * NUM_CLASSES] = v;
      labels[r * NUM_CLASSES] = l[r];
    });
    const cal = calibrateThresholds(scores, labels, { fallback: 0.5 });
    expect(cal.thresholds[0]).toBeCloseTo(0.3, 6);
    expect(cal.f2[0]).toBeCloseTo(0.9375, 12);
    // no positives for the other classes → fallback
    expect(cal.thresholds.slice(1)).toEqual(new Array(16).fill(0.5));
    // applying the threshold reproduces the reported F2
    const m = metricsFromScores(scores, labels, cal.thresholds);
    expect(m.classes.RB.f2).toBeCloseTo(0.9375, 6);
  });

  it('does not split equal scores and clamps into [min, max]', () => {
    // All scores equal: the only cut includes everything; threshold = that score, clamped.
    const scores = new Float32Array(3 * NUM_CLASSES).fill(0.001);
    const labels = new Uint8Array(3 * NUM_CLASSES);
    labels[0] = 1;
    const cal = calibrateThresholds(scores, labels, { min: 0.05, max: 0.95 });
    expect(cal.thresholds[0]).toBe(0.05);
    expect(cal.f2[0]).toBeCloseTo(5 / (5 + 2), 12);
  });

  it('maximises F2 on random data (no other cut does better)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const n = 200;
    const scores = new Float32Array(n * NUM_CLASSES);
    const labels = new Uint8Array(n * NUM_CLASSES);
    for (let i = 0; i < scores.length; i++) {
      labels[i] = rnd() < 0.2 ? 1 : 0;
      scores[i] = Math.min(1, Math.max(0, labels[i] * 0.3 + rnd() * 0.7));
    }
    const cal = calibrateThresholds(scores, labels, { min: 0, max: 1 });
    const best = metricsFromScores(scores, labels, cal.thresholds);
    for (let k = 0; k <= 100; k++) {
      const m = metricsFromScores(scores, labels, new Array(NUM_CLASSES).fill(k / 100));
      for (const code of DEFECT_CODES) expect(best.classes[code].f2).toBeGreaterThanOrEqual(m.classes[code].f2 - 1e-12);
    }
  });
});
