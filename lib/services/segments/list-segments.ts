import { desc, eq } from 'drizzle-orm';
import { segments, type Segment } from '../../db/schema';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';

export async function listSegments(ctx: Pick<ServiceContext, 'db'>): Promise<Segment[]> {
  return ctx.db.select().from(segments).orderBy(desc(segments.createdAt));
}

export async function getSegment(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<Segment> {
  const [row] = await ctx.db.select().from(segments).where(eq(segments.id, id));
  if (!row) throw new NotFoundError('Segment');
  return row;
}
