import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import { resolveConnectionRuns, type Alternative, type CodeRun } from './connection-codes';
import { absorbNestedRuns } from './nested-runs';

/**
 * Frame scores → observations (a defect code over a time/distance range).
 *
 * Per class, in frame order:
 *   1. smoothing of the score sequence (default: running median of 3 frames, which removes
 *      single-frame spikes and single-frame dropouts without shifting edges);
 *   2. hysteresis: a run starts at a frame whose smoothed score ≥ threshold and continues
 *      while it stays ≥ threshold·lowFactor; a time gap between sampled frames longer than
 *      maxGapS (and than 1.5 sample periods) — a missing chunk — always ends a run;
 *   3. runs of the same code separated by ≤ maxGapS seconds are merged (the camera pans
 *      away from a joint and back; the light flickers);
 *   4. runs shorter than minFrames frames or minDurationS seconds are dropped;
 *   5. overlapping runs of different connection codes are one connection and keep one code
 *      (connection-codes.ts); the others are listed as its alternatives;
 *   6. a run of another code inside a run and much shorter than it (the classifier's confused
 *      burst while one feature passes the lens) is absorbed as its alternative (nested-runs.ts).
 * The whole inspection's frames go through this at once (after all chunks are scored),
 * so chunk boundaries cannot split or duplicate an observation. Deterministic: frames are
 * sorted by index, duplicate indexes (a retried chunk) keep their first occurrence.
 */

export interface FrameScores {
  /** Global sample index (see lib/vision/frame-sampling.ts). */
  index: number;
  /** Seconds from the start of the video. */
  t: number;
  /** Metres along the segment, null when unknown. */
  distanceM?: number | null;
  /** 17 sigmoid scores in DEFECT_CODES order. */
  scores: ArrayLike<number>;
}

export interface DetectedObservation {
  code: DefectCode;
  /** Time of the first and last frame in the observation (inclusive). */
  startS: number;
  endS: number;
  startM: number | null;
  endM: number | null;
  /** Highest raw score within the range. */
  peakConfidence: number;
  /** Mean raw score over the frames in the range. */
  meanConfidence: number;
  /** Frame with the highest raw score (earliest on ties): the snapshot. */
  bestFrameIndex: number;
  frameCount: number;
  /** Other codes the classifier saw for the same feature (connection types, absorbed bursts), most likely first. */
  alternatives?: Alternative[];
}

export interface ObservationOptions {
  /** 'median' (default), 'ema' (zero-phase: mean of a forward and a backward pass) or 'none'. */
  smoothing?: 'median' | 'ema' | 'none';
  /** Odd window for the median, in frames (default 3). */
  medianWindow?: number;
  /** EMA weight of the new sample, 0..1 (default 0.5). */
  emaAlpha?: number;
  /** Stay-on level as a fraction of the class threshold (default 0.6). */
  lowFactor?: number;
  /** Merge same-code runs whose gap is at most this many seconds (default 1.0). */
  maxGapS?: number;
  /** Drop runs with fewer frames (default 2). */
  minFrames?: number;
  /** Drop runs covering less time: last − first frame time + one sample period (default 0.8 s:
   * 4 frames at the default 5 fps). Shorter runs were mostly the burst of confused scores as a
   * feature leaves the lens' view: on 11 generated videos with 1.4.0 it raised event precision
   * from 0.33 to 0.42 at the same recall (docs/event-detection.md). */
  minDurationS?: number;
  /** Step 5: one code per connection (default true). */
  oneCodePerConnection?: boolean;
  /** Step 6: a much shorter run of another code inside a run becomes its alternative (default true). */
  absorbNested?: boolean;
}

export const OBSERVATION_DEFAULTS: Required<ObservationOptions> = Object.freeze({
  smoothing: 'median',
  medianWindow: 3,
  emaAlpha: 0.5,
  lowFactor: 0.6,
  maxGapS: 1.0,
  minFrames: 2,
  minDurationS: 0.8,
  oneCodePerConnection: true,
  absorbNested: true,
});

export function framesToObservations(
  frames: readonly FrameScores[],
  thresholds: Partial<Record<DefectCode, number>>,
  options: ObservationOptions = {},
): DetectedObservation[] {
  const o = { ...OBSERVATION_DEFAULTS, ...options };
  const seq = dedupeSorted(frames);
  if (seq.length === 0) return [];
  for (const f of seq) {
    if (f.scores.length !== DEFECT_CODES.length) {
      throw new RangeError(`frame ${f.index} has ${f.scores.length} scores, expected ${DEFECT_CODES.length}`);
    }
  }
  const period = samplePeriod(seq);
  // Missing data (no sampled frames) longer than the merge gap, or than 1.5 sample periods
  // when the merge gap is smaller, ends a run: nothing is known about the pipe there.
  const breakGap = Math.max(o.maxGapS, 1.5 * period);
  const runs: CodeRun[] = [];
  const raws: number[][] = [];
  DEFECT_CODES.forEach((code, c) => {
    const raw = seq.map((f) => f.scores[c]);
    raws.push(raw);
    const thr = thresholds[code];
    if (thr === undefined || !(thr > 0)) return;
    const s = smooth(raw, o);
    for (const [a, b] of mergeRuns(hysteresis(seq, s, thr, thr * o.lowFactor, breakGap), seq, o.maxGapS)) {
      const frameCount = b - a + 1;
      const span = seq[b].t - seq[a].t + period;
      // Frame times are stored as float32 (and decimal fractions are inexact anyway): 4 frames at
      // 5 fps can span 0.79999990 s. A quarter period of slack keeps "n frames" meaning n frames.
      if (frameCount < o.minFrames || span < o.minDurationS - period / 4) continue;
      runs.push({ code, column: c, a, b });
    }
  });
  const score = (c: number, i: number) => raws[c][i];
  const connections = o.oneCodePerConnection ? resolveConnectionRuns(runs, score) : runs.map((r) => ({ ...r, alternatives: [] }));
  const resolved = o.absorbNested ? absorbNestedRuns(connections, (i) => seq[i].t, score) : connections;
  const out = resolved.map((r) => ({ ...summarize(r.code, seq, raws[r.column], r.a, r.b), alternatives: r.alternatives }));
  return out.sort((x, y) => x.startS - y.startS || DEFECT_CODES.indexOf(x.code) - DEFECT_CODES.indexOf(y.code));
}

function dedupeSorted(frames: readonly FrameScores[]): FrameScores[] {
  const seen = new Set<number>();
  const out: FrameScores[] = [];
  for (const f of frames) {
    if (seen.has(f.index)) continue;
    seen.add(f.index);
    out.push(f);
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Median spacing of sampled frames (robust to a missing chunk). */
function samplePeriod(seq: FrameScores[]): number {
  if (seq.length < 2) return 0;
  const d = seq.slice(1).map((f, i) => f.t - seq[i].t).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)];
}

export function smooth(raw: readonly number[], o: Required<ObservationOptions>): number[] {
  if (o.smoothing === 'none' || raw.length < 2) return raw.slice();
  if (o.smoothing === 'ema') {
    const a = o.emaAlpha;
    const fwd = new Array<number>(raw.length);
    const bwd = new Array<number>(raw.length);
    for (let i = 0; i < raw.length; i++) fwd[i] = i === 0 ? raw[0] : a * raw[i] + (1 - a) * fwd[i - 1];
    for (let i = raw.length - 1; i >= 0; i--) bwd[i] = i === raw.length - 1 ? raw[i] : a * raw[i] + (1 - a) * bwd[i + 1];
    return fwd.map((v, i) => (v + bwd[i]) / 2);
  }
  const half = Math.floor(Math.max(1, o.medianWindow) / 2);
  return raw.map((_, i) => {
    // Near the ends the window shrinks symmetrically, so the first/last frame stays itself.
    const h = Math.min(half, i, raw.length - 1 - i);
    const w = raw.slice(i - h, i + h + 1).sort((x, y) => x - y);
    return w[h];
  });
}

function hysteresis(seq: FrameScores[], s: number[], on: number, stay: number, breakGapS: number): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    const gapBreak = start >= 0 && seq[i].t - seq[i - 1].t > breakGapS;
    if (start >= 0 && (s[i] < stay || gapBreak)) {
      runs.push([start, i - 1]);
      start = -1;
    }
    if (start < 0 && s[i] >= on) start = i;
  }
  if (start >= 0) runs.push([start, s.length - 1]);
  return runs;
}

function mergeRuns(runs: [number, number][], seq: FrameScores[], maxGapS: number): [number, number][] {
  const out: [number, number][] = [];
  for (const r of runs) {
    const last = out[out.length - 1];
    if (last && seq[r[0]].t - seq[last[1]].t <= maxGapS) last[1] = r[1];
    else out.push([r[0], r[1]]);
  }
  return out;
}

function summarize(code: DefectCode, seq: FrameScores[], raw: number[], a: number, b: number): Omit<DetectedObservation, 'alternatives'> {
  let peak = -Infinity, best = a, sum = 0;
  for (let i = a; i <= b; i++) {
    sum += raw[i];
    if (raw[i] > peak) {
      peak = raw[i];
      best = i;
    }
  }
  return {
    code,
    startS: seq[a].t,
    endS: seq[b].t,
    startM: seq[a].distanceM ?? null,
    endM: seq[b].distanceM ?? null,
    peakConfidence: peak,
    meanConfidence: sum / (b - a + 1),
    bestFrameIndex: seq[best].index,
    frameCount: b - a + 1,
  };
}
