import { DEFECT_CODES } from '../taxonomy/codes';
import { framesToObservations, type DetectedObservation, type FrameScores, type ObservationOptions } from './observations';

/** The per-frame part of a generated video's `labels.json` (lib/synth/video.ts): which codes each encoded frame shows. */
export interface FrameTruth {
  segment: { fps: number; frame_count: number };
  frames: readonly { t: number; codes: readonly string[] }[];
}

/**
 * Perfect frame scores for a generated video: at the pipeline's sampling grid (sample k is the picture at
 * t = k / sampleFps, lib/vision/frame-sampling.ts) each code scores 1 when the labels call it visible in the
 * nearest encoded frame, else 0. Run through `framesToObservations`, they show what the frames → observations
 * step loses by itself, whatever the classifier (the ceiling of the event-level counts, docs/event-detection.md).
 */
export function truthFrameScores(labels: FrameTruth, sampleFps: number): FrameScores[] {
  if (!(sampleFps > 0)) throw new RangeError(`sample fps must be > 0, got ${sampleFps}`);
  const { fps, frame_count: n } = labels.segment;
  if (labels.frames.length !== n) throw new RangeError(`labels list ${labels.frames.length} frames, the segment says ${n}`);
  const out: FrameScores[] = [];
  for (let k = 0; k / sampleFps < n / fps - 1e-9; k++) {
    const t = k / sampleFps;
    const codes = labels.frames[Math.min(n - 1, Math.round(t * fps))].codes;
    out.push({ index: k, t, scores: DEFECT_CODES.map((c) => (codes.includes(c) ? 1 : 0)) });
  }
  return out;
}

/** Any threshold in (0, 1) passes a perfect score of 1 and stops a 0. */
const PERFECT_THRESHOLDS = Object.fromEntries(DEFECT_CODES.map((c) => [c, 0.5]));

/** The observations the frames → observations step makes from perfect frame scores, with `options` (the pipeline's settings). */
export function truthObservations(labels: FrameTruth, sampleFps: number, options: ObservationOptions): DetectedObservation[] {
  return framesToObservations(truthFrameScores(labels, sampleFps), PERFECT_THRESHOLDS, options);
}
