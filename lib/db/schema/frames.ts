import { pgTable, uuid, integer, real, jsonb, text, primaryKey } from 'drizzle-orm/pg-core';
import { inspections } from './inspections';

export interface FrameStats {
  meanLuma: number;
  stdLuma: number;
  meanR: number;
  meanG: number;
  meanB: number;
}

/**
 * One sampled frame. The primary key (inspection, frame index) makes writes
 * idempotent: a retried chunk upserts the same rows instead of adding new ones.
 * Images live in the file store under a path derived from the key.
 */
export const frames = pgTable(
  'frames',
  {
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    frameIndex: integer('frame_index').notNull(),
    tS: real('t_s').notNull(),
    distanceM: real('distance_m'),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    before: jsonb('before').$type<FrameStats>().notNull(),
    after: jsonb('after').$type<FrameStats>().notNull(),
    /** Classifier scores, 17 values in DEFECT_CODES order; null until classified. */
    scores: real('scores').array(),
    /** name@version of the model that produced `scores`. */
    model: text('model'),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.frameIndex] })],
);

export type Frame = typeof frames.$inferSelect;
