import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { observations, reviews, type Observation, type ObservationSnapshot, type Review, type SegmentRatings } from '../../db/schema';
import { DEFECT_CODES } from '../../taxonomy/codes';
import { MULTI_LINE_CONTROL, ONE_LINE_CONTROL } from '../../util/text';
import type { ServiceContext } from '../context';
import { NotFoundError, ValidationError, fieldErrorsFrom } from '../errors';
import { recomputeRatings } from './recompute-ratings';
import { sameSnapshot, snapshotOf } from './snapshot';

export const REVIEW_DECISIONS = ['accept', 'reject', 'relabel', 'grade', 'remark'] as const;

const ReviewInput = z
  .object({
    observationId: z.string().uuid('Unknown observation'),
    actor: z.string().trim().min(1, 'Reviewer name is required').max(80, 'Reviewer name must be at most 80 characters').refine((s) => !ONE_LINE_CONTROL.test(s), 'Reviewer name must not contain control characters'),
    action: z.enum(REVIEW_DECISIONS, { error: 'Action must be accept, reject, relabel, grade or remark' }),
    code: z.enum(DEFECT_CODES, { error: 'Pick one of the 17 defect codes' }).optional(),
    grade: z.number({ error: 'Grade must be a number' }).int('Grade must be 1–5').min(1, 'Grade must be 1–5').max(5, 'Grade must be 1–5').optional(),
    remark: z.string().max(2000, 'Remark must be at most 2000 characters').refine((s) => !MULTI_LINE_CONTROL.test(s), 'Remark must not contain control characters').optional(),
  })
  .superRefine((v, c) => {
    if (v.action === 'relabel' && !v.code) c.addIssue({ code: 'custom', path: ['code'], message: 'Relabel needs a code' });
    if (v.action === 'grade' && v.grade === undefined) c.addIssue({ code: 'custom', path: ['grade'], message: 'Grade needs a value 1–5' });
    if (v.action === 'remark' && v.remark === undefined) c.addIssue({ code: 'custom', path: ['remark'], message: 'Remark needs text' });
  });
export type ReviewInput = z.input<typeof ReviewInput>;

export interface ReviewResult {
  observation: Observation;
  /** The audit row written; null when the decision changed nothing (e.g. accepting an accepted observation). */
  review: Review | null;
  ratings: SegmentRatings | null;
}

/** The state a decision leads to. Relabelling is a positive decision: the engineer asserts the new code. */
function apply(o: Observation, v: z.output<typeof ReviewInput>): ObservationSnapshot {
  const s = snapshotOf(o);
  switch (v.action) {
    case 'accept':
      return { ...s, status: 'accepted' };
    case 'reject':
      return { ...s, status: 'rejected' };
    case 'relabel':
      return { ...s, code: v.code!, status: 'accepted' };
    case 'grade':
      return { ...s, grade: v.grade! };
    case 'remark':
      return { ...s, remark: v.remark!.trim() };
  }
}

/**
 * One engineer decision on one observation: update it, write the audit row, recompute the
 * inspection's ratings — all in one transaction, so no decision exists without its audit trail.
 */
export async function reviewObservation(ctx: Pick<ServiceContext, 'db'>, input: ReviewInput): Promise<ReviewResult> {
  const parsed = ReviewInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const v = parsed.data;
  return ctx.db.transaction(async (tx) => {
    // Row lock: two engineers deciding on the same observation at once serialize here.
    const [o] = await tx.select().from(observations).where(eq(observations.id, v.observationId)).for('update');
    if (!o) throw new NotFoundError('Observation');
    const before = snapshotOf(o);
    const after = apply(o, v);
    if (sameSnapshot(before, after)) return { observation: o, review: null, ratings: null };
    const [updated] = await tx
      .update(observations)
      .set({
        ...after,
        // The model's proposal survives relabels, so accuracy can be measured against reviews later.
        modelCode: o.modelCode ?? (o.source === 'model' ? o.code : null),
        updatedAt: new Date(),
      })
      .where(eq(observations.id, o.id))
      .returning();
    const [review] = await tx.insert(reviews).values({ observationId: o.id, actor: v.actor, action: v.action, before, after }).returning();
    const ratings = await recomputeRatings(tx, o.inspectionId);
    return { observation: updated, review, ratings };
  });
}
