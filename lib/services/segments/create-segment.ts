import { eq } from 'drizzle-orm';
import { segments, SegmentInput, type Segment } from '../../db/schema';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError, fieldErrorsFrom } from '../errors';

export async function createSegment(ctx: Pick<ServiceContext, 'db'>, input: unknown): Promise<Segment> {
  const parsed = SegmentInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const existing = await ctx.db.select({ id: segments.id }).from(segments).where(eq(segments.assetId, parsed.data.assetId));
  if (existing.length) throw new ConflictError(`A segment with asset id "${parsed.data.assetId}" already exists`);
  const [row] = await ctx.db.insert(segments).values(parsed.data).returning();
  return row;
}
