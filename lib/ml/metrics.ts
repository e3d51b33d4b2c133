import { DEFECT_CLASSES, DEFECT_CODES, type DefectCode } from '../taxonomy/codes';

/**
 * Sewer-ML's evaluation metrics, computed the way its reference `metrics.py` does so that a
 * user with the real data gets comparable numbers:
 * - a class fires when score >= threshold (">=", not ">");
 * - precision = TP / predicted positives (0 when nothing was predicted);
 * - recall = TP / ground-truth positives; F1 / F2 are 0 wherever they are undefined (NaN);
 * - F2-CIW = Σ CIW_c·F2_c / Σ CIW_c over all 17 classes (a class absent from the data counts as F2 = 0);
 * - F1-Normal = F1 of the implicit normal class: truly normal = no code in the label,
 *   predicted normal = no class fires.
 * Layout: scores / labels / predictions are flat row-major arrays, n rows × 17 columns in DEFECT_CODES order.
 */
export const NUM_CLASSES = DEFECT_CODES.length;

export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface ClassMetrics extends BinaryCounts {
  precision: number;
  recall: number;
  f1: number;
  f2: number;
  /** Ground-truth positives (TP + FN). */
  support: number;
}

export interface EvalMetrics {
  n: number;
  f2_ciw: number;
  f1_normal: number;
  classes: Record<DefectCode, ClassMetrics>;
  normal: ClassMetrics;
}

/** F-beta from precision and recall; 0 where Sewer-ML's formula yields NaN (0/0). */
export function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  const denom = b2 * precision + recall;
  return denom > 0 ? ((1 + b2) * precision * recall) / denom : 0;
}

export function metricsFromCounts({ tp, fp, fn }: BinaryCounts): ClassMetrics {
  const predicted = tp + fp;
  const support = tp + fn;
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = support > 0 ? tp / support : 0;
  return { tp, fp, fn, support, precision, recall, f1: fBeta(precision, recall, 1), f2: fBeta(precision, recall, 2) };
}

function checkShapes(a: ArrayLike<number>, b: ArrayLike<number>, what: string): number {
  if (a.length !== b.length) throw new RangeError(`${what}: length ${a.length} ≠ labels length ${b.length}`);
  if (a.length % NUM_CLASSES !== 0) throw new RangeError(`${what}: length ${a.length} is not a multiple of ${NUM_CLASSES}`);
  return a.length / NUM_CLASSES;
}

/** Decisions per class: 1 where score >= that class's threshold. */
export function binarize(scores: ArrayLike<number>, thresholds: ArrayLike<number>): Uint8Array {
  if (thresholds.length !== NUM_CLASSES) throw new RangeError(`need ${NUM_CLASSES} thresholds, got ${thresholds.length}`);
  const out = new Uint8Array(scores.length);
  for (let i = 0; i < scores.length; i++) out[i] = scores[i] >= thresholds[i % NUM_CLASSES] ? 1 : 0;
  return out;
}

/** Metrics from hard 0/1 predictions and 0/1 labels (both n×17). */
export function computeMetrics(pred: ArrayLike<number>, labels: ArrayLike<number>): EvalMetrics {
  const n = checkShapes(pred, labels, 'predictions');
  const counts = DEFECT_CODES.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  const normal = { tp: 0, fp: 0, fn: 0 };
  for (let r = 0; r < n; r++) {
    let anyPred = false;
    let anyTrue = false;
    for (let c = 0; c < NUM_CLASSES; c++) {
      const p = pred[r * NUM_CLASSES + c] > 0;
      const t = labels[r * NUM_CLASSES + c] > 0;
      anyPred ||= p;
      anyTrue ||= t;
      if (p && t) counts[c].tp++;
      else if (p) counts[c].fp++;
      else if (t) counts[c].fn++;
    }
    const pn = !anyPred;
    const tn = !anyTrue;
    if (pn && tn) normal.tp++;
    else if (pn) normal.fp++;
    else if (tn) normal.fn++;
  }
  const classes = {} as Record<DefectCode, ClassMetrics>;
  let num = 0;
  let den = 0;
  DEFECT_CLASSES.forEach((cls, c) => {
    const m = metricsFromCounts(counts[c]);
    classes[cls.code] = m;
    num += cls.ciw * m.f2;
    den += cls.ciw;
  });
  const normalMetrics = metricsFromCounts(normal);
  return { n, f2_ciw: num / den, f1_normal: normalMetrics.f1, classes, normal: normalMetrics };
}

export function metricsFromScores(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  thresholds: ArrayLike<number>,
): EvalMetrics {
  checkShapes(scores, labels, 'scores');
  return computeMetrics(binarize(scores, thresholds), labels);
}

/** Concatenates per-image score vectors (as the classifier returns them) into one n×17 array. */
export function flattenScores(rows: readonly ArrayLike<number>[]): Float32Array {
  const out = new Float32Array(rows.length * NUM_CLASSES);
  rows.forEach((row, r) => {
    if (row.length !== NUM_CLASSES) throw new RangeError(`score row ${r} has ${row.length} values, want ${NUM_CLASSES}`);
    for (let c = 0; c < NUM_CLASSES; c++) out[r * NUM_CLASSES + c] = row[c];
  });
  return out;
}

export interface CalibrationOptions {
  /** Threshold for a class with no positive example (F2 is 0 whatever we pick). */
  fallback?: number;
  /** Chosen thresholds are clamped into [min, max] so one odd score cannot make a class always/never fire. */
  min?: number;
  max?: number;
}

export interface Calibration {
  thresholds: number[];
  /** F2 each class reached at its chosen threshold (before clamping) on the calibration data. */
  f2: number[];
}

/**
 * Per-class threshold that maximises F2 on the given scores/labels. Sweeps every distinct score from
 * the top down; a cut between two neighbouring distinct scores is placed at their midpoint so the
 * threshold generalises rather than sitting exactly on one sample. Ties keep the higher threshold
 * (fewer false alarms for the same F2).
 */
export function calibrateThresholds(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  opts: CalibrationOptions = {},
): Calibration {
  const n = checkShapes(scores, labels, 'scores');
  const { fallback = 0.5, min = 0.01, max = 0.99 } = opts;
  const thresholds: number[] = [];
  const f2s: number[] = [];
  const order = new Array<number>(n);
  for (let c = 0; c < NUM_CLASSES; c++) {
    let positives = 0;
    for (let r = 0; r < n; r++) {
      order[r] = r;
      if (labels[r * NUM_CLASSES + c] > 0) positives++;
    }
    if (positives === 0) {
      thresholds.push(fallback);
      f2s.push(0);
      continue;
    }
    const s = (r: number) => scores[r * NUM_CLASSES + c];
    order.sort((a, b) => s(b) - s(a));
    let tp = 0;
    let fp = 0;
    let best = -1;
    let bestT = fallback;
    for (let i = 0; i < n; ) {
      const v = s(order[i]);
      // Take the whole group of equal scores: ">=" cannot split them.
      while (i < n && s(order[i]) === v) {
        if (labels[order[i] * NUM_CLASSES + c] > 0) tp++;
        else fp++;
        i++;
      }
      const fn = positives - tp;
      const f2 = (5 * tp) / (5 * tp + 4 * fn + fp);
      if (f2 > best) {
        best = f2;
        bestT = i < n ? (v + s(order[i])) / 2 : v;
      }
    }
    thresholds.push(Math.min(max, Math.max(min, bestT)));
    f2s.push(best);
  }
  return { thresholds, f2: f2s };
}

/** Thresholds keyed by code (the manifest's form) ⇄ an array in DEFECT_CODES order. */
export function thresholdsToRecord(t: ArrayLike<number>): Record<DefectCode, number> {
  return Object.fromEntries(DEFECT_CODES.map((code, c) => [code, t[c]])) as Record<DefectCode, number>;
}

export function thresholdsFromRecord(rec: Partial<Record<string, number>>, fallback = 0.5): number[] {
  return DEFECT_CODES.map((code) => {
    const v = rec[code];
    return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
  });
}

export interface ConfusedPair {
  /** A code the image has that did not fire, or 'normal' (a normal image where `predicted` fired). */
  truth: DefectCode | 'normal';
  /** A code that fired but is not in the label, or 'normal' (nothing fired on a defective image). */
  predicted: DefectCode | 'normal';
  count: number;
}

/**
 * Which classes get mistaken for which: on each image, every missed code is paired with every
 * wrongly fired code. Images that are entirely missed pair with 'normal', as do false alarms on
 * normal images. Sorted by count, most frequent first.
 */
export function confusedPairs(pred: ArrayLike<number>, labels: ArrayLike<number>): ConfusedPair[] {
  const n = checkShapes(pred, labels, 'predictions');
  const counts = new Map<string, ConfusedPair>();
  const bump = (truth: ConfusedPair['truth'], predicted: ConfusedPair['predicted']) => {
    const key = `${truth}>${predicted}`;
    const e = counts.get(key) ?? { truth, predicted, count: 0 };
    e.count++;
    counts.set(key, e);
  };
  for (let r = 0; r < n; r++) {
    const missed: DefectCode[] = [];
    const extra: DefectCode[] = [];
    let anyPred = false;
    let anyTrue = false;
    DEFECT_CODES.forEach((code, c) => {
      const p = pred[r * NUM_CLASSES + c] > 0;
      const t = labels[r * NUM_CLASSES + c] > 0;
      anyPred ||= p;
      anyTrue ||= t;
      if (t && !p) missed.push(code);
      if (p && !t) extra.push(code);
    });
    if (!anyTrue) extra.forEach((e) => bump('normal', e));
    else if (!anyPred) missed.forEach((m) => bump(m, 'normal'));
    else for (const m of missed) for (const e of extra) bump(m, e);
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || `${a.truth}${a.predicted}`.localeCompare(`${b.truth}${b.predicted}`));
}
