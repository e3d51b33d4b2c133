import { and, eq, sql } from 'drizzle-orm';
import { frames, inspections, inspectionChunks } from '../../db/schema';
import type { JobOutcome } from '../../jobs/names';
import type { ServiceContext } from '../context';

/** Ingest step 3, after every chunk: check completeness and mark the inspection done. */
export async function finalizeInspection(ctx: ServiceContext, inspectionId: string): Promise<JobOutcome> {
  const [insp] = await ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
  if (!insp) return { status: 'skipped', reason: 'inspection no longer exists' };
  if (insp.status !== 'processing') return { status: 'skipped', reason: `inspection is ${insp.status}` };
  const [{ open }] = await ctx.db
    .select({ open: sql<number>`count(*)::int` })
    .from(inspectionChunks)
    .where(and(eq(inspectionChunks.inspectionId, inspectionId), sql`${inspectionChunks.status} <> 'done'`));
  if (open > 0) return { status: 'skipped', reason: `${open} chunk(s) not done yet` };
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, inspectionId));
  await ctx.db
    .update(inspections)
    .set({ status: 'done', framesExpected: n, updatedAt: new Date(), finishedAt: new Date() })
    .where(eq(inspections.id, inspectionId));
  return { status: 'done' };
}
