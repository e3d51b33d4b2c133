import { asc, eq } from 'drizzle-orm';
import { inspections, inspectionChunks, segments, type Inspection, type InspectionChunk, type Segment } from '../../db/schema';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';

export interface InspectionProgress {
  status: Inspection['status'];
  error: string | null;
  framesDone: number;
  framesExpected: number | null;
  /** 0..1; null while the video has not been probed yet. */
  fraction: number | null;
  chunks: { index: number; status: InspectionChunk['status']; framesDone: number; startS: number; endS: number; error: string | null }[];
}

export interface InspectionDetail {
  inspection: Inspection;
  segment: Segment;
  progress: InspectionProgress;
}

export async function getInspectionProgress(ctx: Pick<ServiceContext, 'db'>, inspection: Inspection): Promise<InspectionProgress> {
  const chunks = await ctx.db
    .select()
    .from(inspectionChunks)
    .where(eq(inspectionChunks.inspectionId, inspection.id))
    .orderBy(asc(inspectionChunks.chunkIndex));
  const framesDone = chunks.reduce((s, c) => s + c.framesDone, 0);
  const expected = inspection.framesExpected;
  const fraction = inspection.status === 'done' ? 1 : expected ? Math.min(1, framesDone / expected) : null;
  return {
    status: inspection.status,
    error: inspection.error,
    framesDone,
    framesExpected: expected,
    fraction,
    chunks: chunks.map((c) => ({ index: c.chunkIndex, status: c.status, framesDone: c.framesDone, startS: c.startS, endS: c.endS, error: c.error })),
  };
}

export async function getInspection(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<InspectionDetail> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Inspection');
  const [row] = await ctx.db
    .select({ inspection: inspections, segment: segments })
    .from(inspections)
    .innerJoin(segments, eq(segments.id, inspections.segmentId))
    .where(eq(inspections.id, id));
  if (!row) throw new NotFoundError('Inspection');
  return { ...row, progress: await getInspectionProgress(ctx, row.inspection) };
}
