import { pgTable, uuid, text, real, integer, jsonb, timestamp, index } from 'drizzle-orm/pg-core';
import { DEFECT_CODES } from '../../taxonomy/codes';
import { inspections } from './inspections';
import type { Alternative } from '../../analysis/connection-codes';

export const OBSERVATION_SOURCES = ['model', 'manual'] as const;
export const REVIEW_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** Box in normalized frame coordinates (0..1), from the class-activation map. */
export interface BoxNorm {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A defect over a time / distance range. Model observations are created by the
 * finalize job; engineers accept, reject or relabel them and add missed ones.
 */
export const observations = pgTable(
  'observations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    code: text('code', { enum: DEFECT_CODES }).notNull(),
    /** The code the model proposed; differs from `code` after a relabel. */
    modelCode: text('model_code', { enum: DEFECT_CODES }),
    source: text('source', { enum: OBSERVATION_SOURCES }).notNull(),
    status: text('status', { enum: REVIEW_STATUSES }).notNull().default('pending'),
    startS: real('start_s').notNull(),
    endS: real('end_s').notNull(),
    startM: real('start_m'),
    endM: real('end_m'),
    peakConfidence: real('peak_confidence').notNull(),
    meanConfidence: real('mean_confidence').notNull(),
    bestFrameIndex: integer('best_frame_index').notNull(),
    frameCount: integer('frame_count').notNull(),
    grade: integer('grade').notNull(),
    box: jsonb('box').$type<BoxNorm>(),
    /** Other codes the model saw for the same feature (connection types, absorbed bursts), most likely first: one-click relabels for the reviewer. */
    alternatives: jsonb('alternatives').$type<Alternative[]>().notNull().default([]),
    /** File-store key of the annotated snapshot, written once by the finalize job. */
    snapshotKey: text('snapshot_key'),
    remark: text('remark').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('observations_inspection_idx').on(t.inspectionId), index('observations_queue_idx').on(t.status, t.grade)],
);

export type Observation = typeof observations.$inferSelect;

export const REVIEW_ACTIONS = ['accept', 'reject', 'relabel', 'grade', 'create', 'revert', 'remark'] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export type ObservationSnapshot = Pick<Observation, 'code' | 'status' | 'grade' | 'remark'>;

/** Audit trail: every review decision, who made it, and the state before and after. */
export const reviews = pgTable(
  'reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    observationId: uuid('observation_id').notNull().references(() => observations.id, { onDelete: 'cascade' }),
    actor: text('actor').notNull(),
    action: text('action', { enum: REVIEW_ACTIONS }).notNull(),
    before: jsonb('before').$type<ObservationSnapshot | null>(),
    after: jsonb('after').$type<ObservationSnapshot>().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('reviews_observation_idx').on(t.observationId)],
);

export type Review = typeof reviews.$inferSelect;
