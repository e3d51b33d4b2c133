import type { DefectCode } from '../taxonomy/codes';
import { gradeObservations, type GradeContext, type GradedObservation } from './grades';
import { framesToObservations, type FrameScores, type ObservationOptions } from './observations';
import { segmentRatings, type SegmentRatings } from './ratings';

export * from './distance';
export * from './grades';
export * from './observations';
export * from './ratings';

/** The whole pure step after scoring: frames → graded observations → segment ratings. */
export function analyzeInspection(
  frames: readonly FrameScores[],
  thresholds: Partial<Record<DefectCode, number>>,
  ctx: GradeContext = {},
  options: ObservationOptions = {},
): { observations: GradedObservation[]; ratings: SegmentRatings } {
  const observations = gradeObservations(framesToObservations(frames, thresholds, options), ctx);
  return { observations, ratings: segmentRatings(observations) };
}
