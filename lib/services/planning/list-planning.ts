import { inArray, ne, and } from 'drizzle-orm';
import { inspections, observations, segments, type Inspection, type Segment } from '../../db/schema';
import { occurrenceCount } from '../../analysis/grades';
import { segmentRatings, type SegmentRatings } from '../../analysis/ratings';
import { defectClass, type DefectCode } from '../../taxonomy/codes';
import { ageDays } from '../../reports/format';
import type { ServiceContext } from '../context';
import { priorityReason, rankByPriority } from './priority';
import { filterPlanning, sortPlanning } from './filter-sort';
import type { PlanningQuery } from './planning-query';

export interface WorstObservation {
  id: string;
  code: DefectCode;
  grade: number;
  startM: number | null;
  reviewed: boolean;
}

export interface PlanningRow {
  id: string;
  assetId: string;
  location: string;
  upstreamManhole: string;
  downstreamManhole: string;
  material: Segment['material'];
  diameterMm: number;
  lengthM: number;
  inspectionDate: string;
  /** Days since the segment's inspection date. */
  ageDays: number;
  /** The latest finished inspection, else the latest one still running or failed, else null. */
  inspection: { id: string; status: Inspection['status']; model: string | null } | null;
  /** Over accepted + pending observations of the latest finished inspection; null if none finished. */
  ratings: SegmentRatings | null;
  /** Highest grade (0 = no observations or not analysed). */
  worstGrade: number;
  /** Up to three observations, worst grade first, then along the pipe. */
  worst: WorstObservation[];
  observations: number;
  unreviewed: number;
  rank: number;
  reason: string;
}

/**
 * Every segment with its latest inspection's condition, ranked by the suggested priority
 * (see priority.ts). Three queries whatever the number of segments; filtering and sorting
 * happen in memory on the ranked list, so a filter never changes a segment's rank.
 */
export async function listPlanning(ctx: Pick<ServiceContext, 'db'>, now: Date = new Date()): Promise<PlanningRow[]> {
  const segs = await ctx.db.select().from(segments);
  const insps = await ctx.db
    .select({ id: inspections.id, segmentId: inspections.segmentId, status: inspections.status, model: inspections.model, createdAt: inspections.createdAt })
    .from(inspections);
  const latest = new Map<string, (typeof insps)[number]>();
  for (const i of insps) {
    const cur = latest.get(i.segmentId);
    // A finished inspection beats a newer one that is still running or failed.
    const done = i.status === 'done';
    const better = !cur || (done !== (cur.status === 'done') ? done : i.createdAt > cur.createdAt);
    if (better) latest.set(i.segmentId, i);
  }
  const doneIds = [...latest.values()].filter((i) => i.status === 'done').map((i) => i.id);
  const obs = doneIds.length
    ? await ctx.db.select().from(observations).where(and(inArray(observations.inspectionId, doneIds), ne(observations.status, 'rejected')))
    : [];
  const byInspection = new Map<string, typeof obs>();
  for (const o of obs) byInspection.set(o.inspectionId, [...(byInspection.get(o.inspectionId) ?? []), o]);

  const rows = segs.map((s): Omit<PlanningRow, 'rank'> => {
    const i = latest.get(s.id) ?? null;
    const done = i?.status === 'done';
    const list = done ? (byInspection.get(i.id) ?? []) : [];
    const ratings = done ? segmentRatings(list.map((o) => ({ grade: o.grade, kind: defectClass(o.code).kind, count: occurrenceCount(o) }))) : null;
    const worst = [...list]
      .sort((a, b) => b.grade - a.grade || (a.startM ?? Infinity) - (b.startM ?? Infinity) || a.startS - b.startS)
      .slice(0, 3)
      .map((o) => ({ id: o.id, code: o.code, grade: o.grade, startM: o.startM, reviewed: o.status === 'accepted' }));
    return {
      id: s.id,
      assetId: s.assetId,
      location: s.location,
      upstreamManhole: s.upstreamManhole,
      downstreamManhole: s.downstreamManhole,
      material: s.material,
      diameterMm: s.diameterMm,
      lengthM: s.lengthM,
      inspectionDate: s.inspectionDate,
      ageDays: ageDays(s.inspectionDate, now),
      inspection: i ? { id: i.id, status: i.status, model: i.model } : null,
      ratings,
      worstGrade: list.reduce((m, o) => Math.max(m, o.grade), 0),
      worst,
      observations: list.length,
      unreviewed: list.filter((o) => o.status === 'pending').length,
      reason: priorityReason(ratings),
    };
  });
  const ranks = rankByPriority(rows);
  return rows.map((r) => ({ ...r, rank: ranks.get(r.id)! })).sort((a, b) => a.rank - b.rank);
}

/** The planning list as the page shows it: ranked, then filtered and sorted by the query. */
export async function queryPlanning(ctx: Pick<ServiceContext, 'db'>, q: PlanningQuery, now: Date = new Date()): Promise<{ rows: PlanningRow[]; total: number }> {
  const all = await listPlanning(ctx, now);
  return { rows: sortPlanning(filterPlanning(all, q), q.sort, q.dir), total: all.length };
}
