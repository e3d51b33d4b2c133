import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OBSERVATION_DEFAULTS, type ObservationOptions } from '../../lib/analysis/observations';
import { truthFrameScores, truthObservations } from '../../lib/analysis/truth-frames';
import { eventsOverlap } from '../../lib/analysis/event-match';
import { matchLabels, truthFromLabels } from '../../lib/analysis/video-truth';
import { planSegment } from '../../lib/synth/video-plan';
import { videoLabels } from '../../lib/synth/video';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

// The videos docs/event-detection.md reports (4242, 11, 12) and tunes on (61–68), planned as `synth video` plans them.
const REPORTED: [number, number, number, number, number][] = [
  [4242, 36, 10, 480, 384],
  [11, 40, 25, 720, 576],
  [12, 40, 25, 720, 576],
];
const VAL: [number, number, number, number, number][] = [
  [61, 40, 10, 480, 384],
  [62, 40, 25, 720, 576],
  [63, 40, 10, 480, 384],
  [64, 40, 10, 720, 576],
  [65, 40, 10, 480, 384],
  [66, 40, 10, 720, 576],
  [67, 40, 10, 480, 384],
  [68, 40, 10, 720, 576],
];
const labelsOf = ([seed, seconds, fps, w, h]: [number, number, number, number, number]) => videoLabels(planSegment(seed, seconds, fps, w, h), Math.round(seconds * fps));
const shipped: ObservationOptions = JSON.parse(fs.readFileSync('models/sewer-mobilenet/manifest.json', 'utf8')).eventDetection.options;

describe('truthFrameScores', () => {
  it('samples the pipeline grid and scores exactly the codes the labels show', () => {
    const labels = labelsOf(REPORTED[0]);
    const frames = truthFrameScores(labels, 5);
    expect(frames).toHaveLength(180); // 36 s at 5 samples a second
    expect(frames[7].t).toBeCloseTo(1.4, 9);
    for (const f of frames) {
      const shown = labels.frames[Math.round(f.t * 10)].codes;
      expect(DEFECT_CODES.filter((_, c) => f.scores[c] === 1)).toEqual(shown);
      expect(Array.from(f.scores).every((s) => s === 0 || s === 1)).toBe(true);
    }
    expect(frames.some((f) => Array.from(f.scores).some((s) => s === 1))).toBe(true);
  });

  it('refuses labels whose frame list does not match the segment', () => {
    const labels = labelsOf(REPORTED[0]);
    expect(() => truthFrameScores({ ...labels, frames: labels.frames.slice(1) }, 5)).toThrow(/frames/);
    expect(() => truthFrameScores(labels, 0)).toThrow(/fps/);
  });
});

describe('frames → observations with perfect frame scores', () => {
  it('never reports a wrong observation, and finds every event the camera reached on the reported videos', () => {
    for (const spec of [...REPORTED, ...VAL]) {
      const m = matchLabels(truthObservations(labelsOf(spec), 5, shipped), labelsOf(spec));
      expect(m.strict.precision, `seed ${spec[0]}`).toBe(1);
      if (REPORTED.includes(spec)) expect(m.reached.recall, `seed ${spec[0]}`).toBe(1);
    }
  });

  it('without the connection and nesting rules and a minimum run, finds every event a sampled frame shows', () => {
    const plain = { ...OBSERVATION_DEFAULTS, ...shipped, oneCodePerConnection: false, absorbNested: false, minDurationS: 0, minFrames: 1 };
    for (const spec of [...REPORTED, ...VAL]) {
      const labels = labelsOf(spec);
      const found = truthObservations(labels, 5, plain);
      const sampled = truthFrameScores(labels, 5).map((f) => f.t);
      for (const t of truthFromLabels(labels, { reachR: Infinity })) {
        const seen = sampled.some((s) => s >= t.startS - 1e-6 && s <= t.endS + 1e-6);
        expect(found.some((d) => eventsOverlap(d, t)), `seed ${spec[0]} ${t.code} ${t.startS}–${t.endS}`).toBe(seen);
      }
    }
  });
});
