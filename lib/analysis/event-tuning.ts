import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import { matchEvents, type TimedEvent } from './event-match';
import { framesToObservations, OBSERVATION_DEFAULTS, type FrameScores, type ObservationOptions } from './observations';

/**
 * Choosing the frames → observations settings for one model on generated videos with known
 * events (`synth video` writes their labels.json). The per-class frame thresholds come from the
 * model's validation split, where they maximise per-FRAME F2; an observation, though, is many
 * frames, so the best event-level settings usually raise every threshold by a common factor and
 * ask for a minimum run duration. This searches that small grid and scores each setting by the
 * mean event-level F1 over the videos (ties: the higher worst-video F1).
 */
export interface TuningVideo {
  name: string;
  frames: readonly FrameScores[];
  truth: readonly TimedEvent[];
}

export interface EventSettings {
  /** Every class threshold is multiplied by this (then capped below 1). */
  thresholdScale: number;
  options: Required<ObservationOptions>;
}

export interface TuningResult extends EventSettings {
  meanF1: number;
  minF1: number;
  meanPrecision: number;
  meanRecall: number;
  perVideo: { name: string; precision: number; recall: number; f1: number }[];
}

export interface TuningGrid {
  thresholdScale: number[];
  medianWindow: number[];
  lowFactor: number[];
  maxGapS: number[];
  minDurationS: number[];
}

export const DEFAULT_GRID: TuningGrid = {
  thresholdScale: [0.9, 1, 1.05, 1.1, 1.15, 1.2, 1.25],
  medianWindow: [1, 3, 5],
  lowFactor: [0.6, 0.75, 0.9],
  maxGapS: [0.5, 1, 2, 3],
  minDurationS: [0, 0.4, 0.6, 0.8, 1.2],
};

export function scaledThresholds(thresholds: Partial<Record<DefectCode, number>>, scale: number): Partial<Record<DefectCode, number>> {
  const out: Partial<Record<DefectCode, number>> = {};
  for (const c of DEFECT_CODES) {
    const t = thresholds[c];
    if (t !== undefined) out[c] = Math.min(0.995, t * scale);
  }
  return out;
}

export function evaluateSettings(videos: readonly TuningVideo[], thresholds: Partial<Record<DefectCode, number>>, s: EventSettings): TuningResult {
  const thr = scaledThresholds(thresholds, s.thresholdScale);
  const perVideo = videos.map((v) => {
    const found = framesToObservations(v.frames, thr, s.options);
    const m = matchEvents(found.map((o) => ({ code: o.code, startS: o.startS, endS: o.endS })), v.truth);
    return { name: v.name, precision: m.precision, recall: m.recall, f1: m.f1 };
  });
  const mean = (k: 'precision' | 'recall' | 'f1') => perVideo.reduce((a, r) => a + r[k], 0) / Math.max(1, perVideo.length);
  return { ...s, meanF1: mean('f1'), minF1: Math.min(...perVideo.map((r) => r.f1)), meanPrecision: mean('precision'), meanRecall: mean('recall'), perVideo };
}

/** Every grid point, best first. */
export function tuneEventSettings(videos: readonly TuningVideo[], thresholds: Partial<Record<DefectCode, number>>, grid: TuningGrid = DEFAULT_GRID): TuningResult[] {
  if (videos.length === 0) throw new Error('event tuning needs at least one video with labels');
  const results: TuningResult[] = [];
  for (const thresholdScale of grid.thresholdScale)
    for (const medianWindow of grid.medianWindow)
      for (const lowFactor of grid.lowFactor)
        for (const maxGapS of grid.maxGapS)
          for (const minDurationS of grid.minDurationS) {
            const options: Required<ObservationOptions> = {
              ...OBSERVATION_DEFAULTS,
              smoothing: medianWindow > 1 ? 'median' : 'none',
              medianWindow: Math.max(1, medianWindow),
              lowFactor,
              maxGapS,
              minDurationS,
            };
            results.push(evaluateSettings(videos, thresholds, { thresholdScale, options }));
          }
  return results.sort((a, b) => b.meanF1 - a.meanF1 || b.minF1 - a.minF1);
}
