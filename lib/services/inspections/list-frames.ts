import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { frames, type Frame } from '../../db/schema';
import type { ServiceContext } from '../context';

/** Frames in index order, paged (a 60-minute video at 5 fps has 18 000). */
export async function listFrames(ctx: Pick<ServiceContext, 'db'>, inspectionId: string, opts: { from?: number; limit?: number } = {}): Promise<Frame[]> {
  const from = Math.max(0, opts.from ?? 0);
  const limit = Math.min(Math.max(1, opts.limit ?? 200), 2000);
  return ctx.db
    .select()
    .from(frames)
    .where(and(eq(frames.inspectionId, inspectionId), gte(frames.frameIndex, from), lt(frames.frameIndex, from + limit * 1000)))
    .orderBy(asc(frames.frameIndex))
    .limit(limit);
}
