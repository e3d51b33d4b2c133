import { defectClass, type DefectCode, type GradeKind } from '../taxonomy/codes';
import type { DetectedObservation } from './observations';

/**
 * PACP-style grades (1 = minor … 5 = most severe / failure imminent) for automatically
 * detected observations.
 *
 * A human PACP grade depends on the exact sub-code (hairline crack 1–2, fracture 2–3, break
 * 3–5, hole 4–5, collapse 5, …), which a Sewer-ML classifier does not see. The rule below
 * therefore estimates the grade from what is known, and reports must call it an estimate:
 *
 *   score = prior(code) + confidence term + extent term;   grade = clamp(round(score), 1, 5)
 *
 *   prior(code)      the grade a typical camera-visible instance of the class gets in PACP
 *                    (SEVERITY_PRIOR below, e.g. RB cracks/breaks 3, DE deformation 4, FS displaced joint 2,
 *                    GR a plain branch connection 1);
 *   confidence term  +0.5 when peakConfidence ≥ 0.9 (pronounced, unmistakable defects are the
 *                    severe ones), −0.5 when meanConfidence < 0.5 (a borderline detection);
 *   extent term      +1 when the observation covers ≥ 25 % of the segment, +0.5 when ≥ 10 %
 *                    (a crack or deposit along the whole pipe is worse than one spot). Extent is
 *                    measured in metres when distances are known, else in seconds of video.
 *
 * Structural vs O&M comes from the taxonomy (defectClass(code).kind), as PACP splits them.
 * Occurrence counting follows PACP's continuous-defect rule: an observation longer than
 * 5 ft (1.524 m) counts once per started 5 ft; a point defect counts once.
 */

export const SEVERITY_PRIOR: Readonly<Record<DefectCode, number>> = Object.freeze({
  RB: 3, // cracks 2–3, fractures 3, breaks/holes 4–5, collapse 5; cracks are the common case
  OB: 3, // surface damage: spalling/aggregate visible 2–3, reinforcement visible 4–5
  PF: 2, // production error (lining defects, wrong materials)
  DE: 4, // deformation: PACP deformed ≥ 10 % is 4–5
  FS: 2, // joint offset/separation medium 1–2, large 3
  IS: 2, // intruding sealing material
  RO: 3, // fine roots 2, medium 3, root ball 4–5
  IN: 3, // weeper 2, dripper 3, runner 4, gusher 5
  AF: 2, // settled deposits, by cross-section loss
  BE: 2, // attached deposits (encrustation, grease)
  FO: 3, // obstacle
  GR: 1, // branch pipe: a connection, not a defect by itself
  PH: 2, // chiseled (break-in) connection
  PB: 1, // drilled connection
  OS: 3, // lateral reinstatement cut defective / intruding
  OP: 1, // connection with transition profile
  OK: 2, // connection with construction changes
});

/** 5 ft in metres: PACP counts continuous defects once per 5 ft. */
export const CONTINUOUS_UNIT_M = 1.524;

export type Grade = 1 | 2 | 3 | 4 | 5;

export interface GradeContext {
  /** Segment length, metres (for extent in metres). */
  segmentLengthM?: number | null;
  /** Inspection video duration, seconds (extent fallback). */
  durationS?: number | null;
}

export interface GradedObservation extends DetectedObservation {
  grade: Grade;
  kind: GradeKind;
  /** Share of the segment covered, 0..1 (null when neither length nor duration is known). */
  extent: number | null;
  /** Occurrences for ratings (continuous-defect rule). */
  count: number;
}

export function observationExtent(o: DetectedObservation, ctx: GradeContext): number | null {
  if (ctx.segmentLengthM && ctx.segmentLengthM > 0 && o.startM != null && o.endM != null) {
    return Math.min(1, Math.abs(o.endM - o.startM) / ctx.segmentLengthM);
  }
  if (ctx.durationS && ctx.durationS > 0) return Math.min(1, Math.max(0, o.endS - o.startS) / ctx.durationS);
  return null;
}

export function gradeObservation(o: DetectedObservation, ctx: GradeContext = {}): Grade {
  let score = SEVERITY_PRIOR[o.code];
  if (o.peakConfidence >= 0.9) score += 0.5;
  if (o.meanConfidence < 0.5) score -= 0.5;
  const extent = observationExtent(o, ctx) ?? 0;
  if (extent >= 0.25) score += 1;
  else if (extent >= 0.1) score += 0.5;
  // Math.round sends .5 up: a class prior of 2 with a strong detection becomes 3.
  return Math.min(5, Math.max(1, Math.round(score))) as Grade;
}

export function occurrenceCount(o: DetectedObservation): number {
  if (o.startM == null || o.endM == null) return 1;
  const len = Math.abs(o.endM - o.startM);
  return len > CONTINUOUS_UNIT_M ? Math.ceil(len / CONTINUOUS_UNIT_M - 1e-9) : 1;
}

export function gradeObservations(obs: readonly DetectedObservation[], ctx: GradeContext = {}): GradedObservation[] {
  return obs.map((o) => ({
    ...o,
    grade: gradeObservation(o, ctx),
    kind: defectClass(o.code).kind,
    extent: observationExtent(o, ctx),
    count: occurrenceCount(o),
  }));
}
