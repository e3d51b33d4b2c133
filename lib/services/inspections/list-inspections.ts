import { desc, eq, sql } from 'drizzle-orm';
import { inspections, inspectionChunks, segments, type Inspection } from '../../db/schema';
import type { ServiceContext } from '../context';

export interface InspectionListItem {
  inspection: Inspection;
  assetId: string;
  location: string;
  framesDone: number;
}

export async function listInspections(ctx: Pick<ServiceContext, 'db'>, opts: { segmentId?: string; limit?: number } = {}): Promise<InspectionListItem[]> {
  const framesDone = sql<number>`coalesce((select sum(${inspectionChunks.framesDone}) from ${inspectionChunks} where ${inspectionChunks.inspectionId} = ${inspections.id}), 0)::int`;
  const q = ctx.db
    .select({ inspection: inspections, assetId: segments.assetId, location: segments.location, framesDone })
    .from(inspections)
    .innerJoin(segments, eq(segments.id, inspections.segmentId))
    .orderBy(desc(inspections.createdAt))
    .limit(opts.limit ?? 200);
  return opts.segmentId ? q.where(eq(inspections.segmentId, opts.segmentId)) : q;
}
