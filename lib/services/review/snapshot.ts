import type { Observation, ObservationSnapshot } from '../../db/schema';

/** The reviewable state of an observation: what an audit row records before and after a decision. */
export function snapshotOf(o: Pick<Observation, 'code' | 'status' | 'grade' | 'remark'>): ObservationSnapshot {
  return { code: o.code, status: o.status, grade: o.grade, remark: o.remark };
}

export function sameSnapshot(a: ObservationSnapshot, b: ObservationSnapshot): boolean {
  return a.code === b.code && a.status === b.status && a.grade === b.grade && a.remark === b.remark;
}
