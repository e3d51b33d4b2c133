import { and, eq, ne } from 'drizzle-orm';
import { inspections, observations, type SegmentRatings } from '../../db/schema';
import type { Db } from '../../db/client';
import { occurrenceCount } from '../../analysis/grades';
import { segmentRatings } from '../../analysis/ratings';
import { defectClass } from '../../taxonomy/codes';

/** A drizzle transaction handle (same query API as Db). */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Recompute and store the inspection's segment ratings from its observations, with the same
 * pure rules the analysis uses (structural/O&M split from the taxonomy, PACP continuous-defect count).
 * Rejected observations do not count; pending ones do (the model's proposal stands until reviewed).
 * Runs inside the caller's transaction so a decision and its ratings commit together.
 */
export async function recomputeRatings(tx: Tx | Db, inspectionId: string): Promise<SegmentRatings> {
  const rows = await tx
    .select()
    .from(observations)
    .where(and(eq(observations.inspectionId, inspectionId), ne(observations.status, 'rejected')));
  const ratings = segmentRatings(rows.map((o) => ({ grade: o.grade, kind: defectClass(o.code).kind, count: occurrenceCount(o) })));
  await tx.update(inspections).set({ ratings, updatedAt: new Date() }).where(eq(inspections.id, inspectionId));
  return ratings;
}
