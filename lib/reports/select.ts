import type { Observation } from '../db/schema';
import { occurrenceCount } from '../analysis/grades';
import { segmentRatings, type SegmentRatings } from '../analysis/ratings';
import { defectClass } from '../taxonomy/codes';
import type { ReportObservation, ReportOptions } from './types';

/**
 * Which observations a report exports. Accepted ones always (manual observations are accepted
 * by construction); pending ones only when asked, marked unreviewed; rejected ones never.
 * Ordered along the pipe (start distance, then time) because that is how an inspector reads it.
 */
export function selectObservations(rows: readonly Observation[], opts: ReportOptions): { observations: ReportObservation[]; omitted: { pending: number; rejected: number } } {
  const omitted = { pending: 0, rejected: 0 };
  const kept = rows.filter((o) => {
    if (o.status === 'accepted') return true;
    if (o.status === 'pending' && opts.includeUnreviewed) return true;
    omitted[o.status === 'pending' ? 'pending' : 'rejected'] += 1;
    return false;
  });
  kept.sort((a, b) => (a.startM ?? Infinity) - (b.startM ?? Infinity) || a.startS - b.startS || a.code.localeCompare(b.code));
  const observations = kept.map((o, i): ReportObservation => {
    const c = defectClass(o.code);
    return {
      id: o.id,
      number: i + 1,
      code: o.code,
      modelCode: o.modelCode,
      name: c.name,
      kind: c.kind,
      nearest: { pacp: c.pacp, en13508: c.en13508, korean: c.korean },
      startS: o.startS,
      endS: o.endS,
      startM: o.startM,
      endM: o.endM,
      grade: o.grade,
      occurrences: occurrenceCount(o),
      confidence: o.peakConfidence,
      meanConfidence: o.meanConfidence,
      source: o.source,
      status: o.status,
      reviewed: o.status === 'accepted',
      remark: o.remark,
      box: o.box,
      bestFrameIndex: o.bestFrameIndex,
      frameCount: o.frameCount,
    };
  });
  return { observations, omitted };
}

/** Ratings over exactly the exported observations (same rules as recomputeRatings). */
export function reportRatings(obs: readonly Pick<ReportObservation, 'grade' | 'kind' | 'occurrences'>[]): SegmentRatings {
  return segmentRatings(obs.map((o) => ({ grade: o.grade, kind: o.kind, count: o.occurrences })));
}
