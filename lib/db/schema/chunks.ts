import { pgTable, uuid, integer, real, text, timestamp, primaryKey } from 'drizzle-orm/pg-core';
import { inspections } from './inspections';

/**
 * A time slice of an inspection's video, processed as its own job so one long
 * video spreads over every worker. Keyed by (inspection, chunk index): re-enqueueing
 * or retrying a chunk updates the same row.
 */
export const CHUNK_STATUSES = ['pending', 'running', 'done', 'failed'] as const;

export const inspectionChunks = pgTable(
  'inspection_chunks',
  {
    inspectionId: uuid('inspection_id').notNull().references(() => inspections.id, { onDelete: 'cascade' }),
    chunkIndex: integer('chunk_index').notNull(),
    startS: real('start_s').notNull(),
    endS: real('end_s').notNull(),
    status: text('status', { enum: CHUNK_STATUSES }).notNull().default('pending'),
    framesDone: integer('frames_done').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.chunkIndex] })],
);

export type InspectionChunk = typeof inspectionChunks.$inferSelect;
