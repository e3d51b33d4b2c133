import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { observations, reviews, type ObservationSnapshot } from '../../db/schema';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError, fieldErrorsFrom } from '../errors';
import { recomputeRatings } from './recompute-ratings';
import type { ReviewResult } from './review-observation';
import { sameSnapshot, snapshotOf } from './snapshot';

const RevertInput = z.object({
  reviewId: z.string().uuid('Unknown review'),
  actor: z.string().trim().min(1, 'Reviewer name is required').max(80),
});

/**
 * Undo one decision: restore the observation's `before` state and record a 'revert' audit row.
 * Only a decision whose result is still the current state can be reverted — undoing an older one
 * would silently discard the decisions made after it (undoing newest-first walks back through them). Reverting a 'create' (manual observation) rejects it, so the
 * observation and its audit trail are kept.
 */
export async function revertReview(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof RevertInput>): Promise<ReviewResult> {
  const parsed = RevertInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const { reviewId, actor } = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const [r] = await tx.select().from(reviews).where(eq(reviews.id, reviewId));
    if (!r) throw new NotFoundError('Review');
    const [o] = await tx.select().from(observations).where(eq(observations.id, r.observationId)).for('update');
    if (!o) throw new NotFoundError('Observation');
    const current = snapshotOf(o);
    if (!sameSnapshot(current, r.after)) throw new ConflictError('This observation changed after that decision; undo the later decision first');
    const restored: ObservationSnapshot = r.before ?? { ...current, status: 'rejected' };
    const [updated] = await tx.update(observations).set({ ...restored, updatedAt: new Date() }).where(eq(observations.id, o.id)).returning();
    const [review] = await tx.insert(reviews).values({ observationId: o.id, actor, action: 'revert', before: current, after: restored }).returning();
    const ratings = await recomputeRatings(tx, o.inspectionId);
    return { observation: updated, review, ratings };
  });
}
