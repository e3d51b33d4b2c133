import { describe, expect, it } from 'vitest';
import { evaluateSettings, scaledThresholds, tuneEventSettings, type TuningVideo } from '../../lib/analysis/event-tuning';
import { OBSERVATION_DEFAULTS } from '../../lib/analysis/observations';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

const FS = DEFECT_CODES.indexOf('FS');
const RO = DEFECT_CODES.indexOf('RO');

/** 5 fps, 40 s: a true FS event 10–14 s scored 0.9; RO flickers at 0.75 on isolated single frames. */
function video(name: string, seed: number): TuningVideo {
  const frames = Array.from({ length: 200 }, (_, i) => {
    const t = i / 5;
    const scores = new Array(17).fill(0.05);
    if (t >= 10 && t <= 14) scores[FS] = 0.9;
    if ((i + seed) % 23 === 0) scores[RO] = 0.75;
    return { index: i, t, scores };
  });
  return { name, frames, truth: [{ code: 'FS', startS: 10, endS: 14 }] };
}

const thresholds = Object.fromEntries(DEFECT_CODES.map((c) => [c, 0.7]));

describe('event-level tuning of the frames → observations settings', () => {
  it('scales thresholds and caps them below 1', () => {
    expect(scaledThresholds({ FS: 0.5, RO: 0.9 }, 1.2)).toEqual({ FS: 0.6, RO: 0.995 });
  });

  it('scores settings by event F1 and ranks the spike-rejecting ones first', () => {
    const videos = [video('a', 0), video('b', 7)];
    const noSmoothing = evaluateSettings(videos, thresholds, { thresholdScale: 1, options: { ...OBSERVATION_DEFAULTS, smoothing: 'none', minFrames: 1, minDurationS: 0 } });
    expect(noSmoothing.meanRecall).toBe(1);
    expect(noSmoothing.meanPrecision).toBeLessThan(0.5); // every RO flicker is an observation
    const best = tuneEventSettings(videos, thresholds)[0];
    expect(best.meanF1).toBe(1);
    expect(best.perVideo.map((v) => v.f1)).toEqual([1, 1]);
    // Either the median filter or a minimum run length (or a higher threshold) removes the flickers.
    expect(best.options.medianWindow > 1 || best.options.minFrames > 1 || best.options.minDurationS > 0.2 || best.thresholdScale * 0.7 > 0.75).toBe(true);
  });

  it('refuses to tune without videos', () => {
    expect(() => tuneEventSettings([], thresholds)).toThrow(/at least one video/);
  });
});
