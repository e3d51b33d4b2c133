import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { frames, inspections, observations, reviews, type Frame } from '../../db/schema';
import { DEFECT_CODES } from '../../taxonomy/codes';
import { MULTI_LINE_CONTROL, ONE_LINE_CONTROL } from '../../util/text';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError, fieldErrorsFrom } from '../errors';
import { recomputeRatings, type Tx } from '../review/recompute-ratings';
import { snapshotOf } from '../review/snapshot';
import type { ReviewResult } from '../review/review-observation';

const AddInput = z
  .object({
    inspectionId: z.string().uuid('Unknown inspection'),
    code: z.enum(DEFECT_CODES, { error: 'Pick one of the 17 defect codes' }),
    tS: z.number({ error: 'Time must be a number of seconds' }).min(0, 'Time must be ≥ 0 s'),
    endS: z.number({ error: 'End time must be a number of seconds' }).min(0, 'End time must be ≥ 0 s').optional(),
    grade: z.number({ error: 'Grade must be a number' }).int('Grade must be 1–5').min(1, 'Grade must be 1–5').max(5, 'Grade must be 1–5'),
    remark: z.string().trim().max(2000, 'Remark must be at most 2000 characters').refine((s) => !MULTI_LINE_CONTROL.test(s), 'Remark must not contain control characters').optional(),
    actor: z.string().trim().min(1, 'Reviewer name is required').max(80, 'Reviewer name must be at most 80 characters').refine((s) => !ONE_LINE_CONTROL.test(s), 'Reviewer name must not contain control characters'),
  })
  .refine((v) => v.endS === undefined || v.endS >= v.tS, { path: ['endS'], message: 'End time must not be before the start time' });

/** The sampled frame closest in time (earlier frame on a tie). */
async function nearestFrame(tx: Tx, inspectionId: string, t: number): Promise<Frame | undefined> {
  const [f] = await tx
    .select()
    .from(frames)
    .where(eq(frames.inspectionId, inspectionId))
    .orderBy(sql`abs(${frames.tS} - ${t})`, asc(frames.frameIndex))
    .limit(1);
  return f;
}

/**
 * An engineer adds an observation the model missed, at the video's current time. It is accepted
 * by construction (a person made it), snapshotted by the nearest sampled frame (no annotated image:
 * snapshotKey stays null and the UI shows the frame), and audited as 'create'.
 */
export async function addObservation(ctx: Pick<ServiceContext, 'db'>, input: z.input<typeof AddInput>): Promise<ReviewResult> {
  const parsed = AddInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const v = parsed.data;
  return ctx.db.transaction(async (tx) => {
    const [insp] = await tx.select({ id: inspections.id, video: inspections.video }).from(inspections).where(eq(inspections.id, v.inspectionId));
    if (!insp) throw new NotFoundError('Inspection');
    const duration = insp.video?.durationS;
    if (duration !== undefined && v.tS > duration + 1) throw new ValidationError({ tS: `Time is past the end of the video (${duration.toFixed(1)} s)` });
    if (duration !== undefined && v.endS !== undefined && v.endS > duration + 1) throw new ValidationError({ endS: `End time is past the end of the video (${duration.toFixed(1)} s)` });
    const startS = v.tS;
    const endS = v.endS ?? v.tS;
    const best = await nearestFrame(tx, v.inspectionId, startS);
    if (!best) throw new ConflictError('No frames have been sampled for this inspection yet');
    const last = endS === startS ? best : ((await nearestFrame(tx, v.inspectionId, endS)) ?? best);
    const [{ n }] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(frames)
      .where(and(eq(frames.inspectionId, v.inspectionId), gte(frames.tS, startS), lte(frames.tS, endS)));
    const [obs] = await tx
      .insert(observations)
      .values({
        inspectionId: v.inspectionId,
        code: v.code,
        modelCode: null,
        source: 'manual',
        status: 'accepted',
        startS,
        endS,
        startM: best.distanceM,
        endM: last.distanceM,
        // A person saw it: certainty 1, so sorting by confidence never buries manual findings.
        peakConfidence: 1,
        meanConfidence: 1,
        bestFrameIndex: best.frameIndex,
        frameCount: Math.max(1, Number(n)),
        grade: v.grade,
        box: null,
        snapshotKey: null,
        remark: v.remark ?? '',
      })
      .returning();
    const [review] = await tx.insert(reviews).values({ observationId: obs.id, actor: v.actor, action: 'create', before: null, after: snapshotOf(obs) }).returning();
    const ratings = await recomputeRatings(tx, v.inspectionId);
    return { observation: obs, review, ratings };
  });
}
