import { and, eq, sql } from 'drizzle-orm';
import { INSPECTION_STATUSES, inspections, observations, type InspectionStatus } from '../../db/schema';
import type { ServiceContext } from '../context';
import { listPlanning } from './list-planning';

export interface DashboardCounts {
  inspectionsByStatus: Record<InspectionStatus, number>;
  /** Pending observations of finished inspections: the review backlog. */
  awaitingReview: number;
  inspectionsAwaitingReview: number;
  /** Segments by the worst grade of their latest finished inspection: index 0 = no defects, 1..5 = grade. */
  segmentsByWorstGrade: [number, number, number, number, number, number];
  segmentsNotAnalysed: number;
  segments: number;
}

export async function dashboardCounts(ctx: Pick<ServiceContext, 'db'>): Promise<DashboardCounts> {
  const byStatus = await ctx.db.select({ status: inspections.status, n: sql<number>`count(*)::int` }).from(inspections).groupBy(inspections.status);
  const inspectionsByStatus = Object.fromEntries(INSPECTION_STATUSES.map((s) => [s, 0])) as Record<InspectionStatus, number>;
  for (const r of byStatus) inspectionsByStatus[r.status] = Number(r.n);
  const [pending] = await ctx.db
    .select({ n: sql<number>`count(*)::int`, insp: sql<number>`count(distinct ${observations.inspectionId})::int` })
    .from(observations)
    .innerJoin(inspections, eq(inspections.id, observations.inspectionId))
    .where(and(eq(observations.status, 'pending'), eq(inspections.status, 'done')));
  const plan = await listPlanning(ctx);
  const segmentsByWorstGrade: DashboardCounts['segmentsByWorstGrade'] = [0, 0, 0, 0, 0, 0];
  let segmentsNotAnalysed = 0;
  for (const r of plan) {
    if (!r.ratings) segmentsNotAnalysed += 1;
    else segmentsByWorstGrade[r.worstGrade] += 1;
  }
  return { inspectionsByStatus, awaitingReview: Number(pending?.n ?? 0), inspectionsAwaitingReview: Number(pending?.insp ?? 0), segmentsByWorstGrade, segmentsNotAnalysed, segments: plan.length };
}
