import { desc, eq } from 'drizzle-orm';
import { observations, reviews, type Review } from '../../db/schema';
import type { ServiceContext } from '../context';

/** An observation's audit trail, newest first. */
export async function listReviews(ctx: Pick<ServiceContext, 'db'>, observationId: string): Promise<Review[]> {
  if (!/^[0-9a-f-]{36}$/i.test(observationId)) return [];
  return ctx.db.select().from(reviews).where(eq(reviews.observationId, observationId)).orderBy(desc(reviews.at), desc(reviews.id));
}

export interface RecentReview extends Review {
  inspectionId: string;
}

/** The latest decisions across all observations (optionally one reviewer's), newest first: the review page's history. */
export async function listRecentReviews(ctx: Pick<ServiceContext, 'db'>, opts: { actor?: string; limit?: number } = {}): Promise<RecentReview[]> {
  const rows = await ctx.db
    .select({ review: reviews, inspectionId: observations.inspectionId })
    .from(reviews)
    .innerJoin(observations, eq(observations.id, reviews.observationId))
    .where(opts.actor ? eq(reviews.actor, opts.actor) : undefined)
    .orderBy(desc(reviews.at), desc(reviews.id))
    .limit(Math.min(Math.max(1, opts.limit ?? 20), 200));
  return rows.map((r) => ({ ...r.review, inspectionId: r.inspectionId }));
}
