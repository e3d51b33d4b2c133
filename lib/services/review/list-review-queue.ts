import { and, asc, desc, eq, gte, lte, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { frames, inspections, observations, segments, REVIEW_STATUSES, type Observation, type SegmentRatings } from '../../db/schema';
import type { ServiceContext } from '../context';
import { ValidationError, fieldErrorsFrom } from '../errors';

/** How many sampled frames either side of the best frame the reviewer sees. */
export const NEIGHBOUR_FRAMES = 2;

const QueueInput = z.object({
  status: z.enum(REVIEW_STATUSES).optional(),
  inspectionId: z.string().uuid().optional(),
  limit: z.number().int().min(1).max(500).optional(),
});

export interface ReviewQueueItem {
  observation: Observation;
  inspection: { id: string; model: string | null; ratings: SegmentRatings | null; originalFilename: string };
  segment: { id: string; assetId: string; location: string; lengthM: number };
  /** Sampled frame indexes around the best frame (best ± NEIGHBOUR_FRAMES), ascending, only those that exist. */
  neighbourFrames: number[];
}

export interface ReviewCounts {
  pending: number;
  accepted: number;
  rejected: number;
}

export interface ReviewQueue {
  items: ReviewQueueItem[];
  counts: ReviewCounts;
}

/**
 * The review queue across inspections: most severe first (grade desc), then the model's
 * most confident (peak confidence desc); id breaks ties so the order is stable between requests.
 */
export async function listReviewQueue(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof QueueInput> = {}): Promise<ReviewQueue> {
  const parsed = QueueInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const { status = 'pending', inspectionId, limit = 100 } = parsed.data;
  const scope: SQL | undefined = inspectionId ? eq(observations.inspectionId, inspectionId) : undefined;
  const rows = await ctx.db
    .select({
      observation: observations,
      inspection: { id: inspections.id, model: inspections.model, ratings: inspections.ratings, originalFilename: inspections.originalFilename },
      segment: { id: segments.id, assetId: segments.assetId, location: segments.location, lengthM: segments.lengthM },
    })
    .from(observations)
    .innerJoin(inspections, eq(inspections.id, observations.inspectionId))
    .innerJoin(segments, eq(segments.id, inspections.segmentId))
    .where(and(eq(observations.status, status), scope))
    .orderBy(desc(observations.grade), desc(observations.peakConfidence), asc(observations.id))
    .limit(limit);

  // One query for every item's neighbourhood instead of one per item.
  const near = new Map<string, number[]>();
  if (rows.length) {
    const ranges = rows.map((r) =>
      and(
        eq(frames.inspectionId, r.observation.inspectionId),
        gte(frames.frameIndex, r.observation.bestFrameIndex - NEIGHBOUR_FRAMES),
        lte(frames.frameIndex, r.observation.bestFrameIndex + NEIGHBOUR_FRAMES),
      ),
    );
    const found = await ctx.db
      .select({ inspectionId: frames.inspectionId, frameIndex: frames.frameIndex })
      .from(frames)
      .where(or(...ranges))
      .orderBy(asc(frames.frameIndex));
    for (const f of found) {
      const list = near.get(f.inspectionId) ?? [];
      list.push(f.frameIndex);
      near.set(f.inspectionId, list);
    }
  }
  const items = rows.map((r) => ({
    ...r,
    neighbourFrames: (near.get(r.observation.inspectionId) ?? []).filter((i) => Math.abs(i - r.observation.bestFrameIndex) <= NEIGHBOUR_FRAMES),
  }));
  return { items, counts: await reviewCounts(ctx, inspectionId) };
}

export async function reviewCounts(ctx: Pick<ServiceContext, 'db'>, inspectionId?: string): Promise<ReviewCounts> {
  const rows = await ctx.db
    .select({ status: observations.status, n: sql<number>`count(*)::int` })
    .from(observations)
    .where(inspectionId ? eq(observations.inspectionId, inspectionId) : undefined)
    .groupBy(observations.status);
  const counts: ReviewCounts = { pending: 0, accepted: 0, rejected: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}
