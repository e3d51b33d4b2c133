import type { BoxNorm, ReviewAction, ReviewStatus, ObservationSnapshot, Segment, VideoInfo } from '../db/schema';
import type { SegmentRatings } from '../analysis/ratings';
import type { DefectCode, GradeKind } from '../taxonomy/codes';

/**
 * Everything a damage report (PDF, CSV, JSON) shows, loaded once from the database by
 * lib/services/reports/load-report.ts. Builders are pure functions of this object, so the
 * three formats always agree with each other.
 */
export interface ReportOptions {
  /**
   * false (the default for downloads): only observations an engineer accepted (or added).
   * true: pending ones too, each marked "unreviewed". Rejected observations are never exported.
   */
  includeUnreviewed: boolean;
}

export interface ReportObservation {
  id: string;
  /** 1-based number in distance order, shared by the table, the strip and the snapshots. */
  number: number;
  code: DefectCode;
  modelCode: DefectCode | null;
  name: string;
  kind: GradeKind;
  /** Nearest codes of other standards: approximate, always labelled "nearest". */
  nearest: { pacp: string; en13508: string; korean: string };
  startS: number;
  endS: number;
  startM: number | null;
  endM: number | null;
  grade: number;
  /** Occurrences under PACP's continuous-defect rule (what the ratings count). */
  occurrences: number;
  /** Peak classifier confidence 0..1 (1 for manual observations). */
  confidence: number;
  meanConfidence: number;
  source: 'model' | 'manual';
  status: ReviewStatus;
  /** An engineer accepted or added it; false means the model's unreviewed proposal. */
  reviewed: boolean;
  remark: string;
  box: BoxNorm | null;
  bestFrameIndex: number;
  frameCount: number;
}

export interface ReportReview {
  observationId: string;
  actor: string;
  action: ReviewAction;
  before: ObservationSnapshot | null;
  after: ObservationSnapshot;
  at: string;
}

export interface InspectionReport {
  generatedAt: string;
  options: ReportOptions;
  segment: Pick<Segment, 'id' | 'assetId' | 'upstreamManhole' | 'downstreamManhole' | 'diameterMm' | 'material' | 'lengthM' | 'direction' | 'location' | 'inspectionDate' | 'operator'>;
  inspection: {
    id: string;
    status: string;
    originalFilename: string;
    video: VideoInfo | null;
    sampleFps: number;
    createdAt: string;
    finishedAt: string | null;
  };
  model: { name: string; version: string } | null;
  frames: { count: number; firstS: number | null; lastS: number | null; maxDistanceM: number | null };
  observations: ReportObservation[];
  /** Computed over `observations` only (the exported set), with the analysis' own rules. */
  ratings: SegmentRatings;
  /** Observations left out of this export, by status. */
  omitted: { pending: number; rejected: number };
  reviewers: string[];
  reviews: ReportReview[];
}
