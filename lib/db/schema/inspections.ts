import { pgTable, uuid, text, real, integer, bigint, jsonb, timestamp, index } from 'drizzle-orm/pg-core';
import { segments } from './segments';
import type { SegmentRatings } from '../../analysis/ratings';
import type { VideoProbe } from '../../adapters/ffmpeg';

export type { SegmentRatings };

/**
 * Lifecycle: queued → probing → processing (chunks running) → done | failed.
 * `error` holds a message meant for the inspector, shown on the inspection page.
 */
export const INSPECTION_STATUSES = ['queued', 'probing', 'processing', 'done', 'failed'] as const;
export type InspectionStatus = (typeof INSPECTION_STATUSES)[number];

/** What ffprobe said about the upload (kept whole: sampling needs aspect, rotation, interlacing). */
export type VideoInfo = VideoProbe;

export const inspections = pgTable(
  'inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    segmentId: uuid('segment_id').notNull().references(() => segments.id, { onDelete: 'cascade' }),
    status: text('status', { enum: INSPECTION_STATUSES }).notNull().default('queued'),
    /** Stored file name inside the upload store (generated, never the user's path). */
    videoKey: text('video_key').notNull(),
    originalFilename: text('original_filename').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    video: jsonb('video').$type<VideoInfo>(),
    sampleFps: real('sample_fps').notNull(),
    framesExpected: integer('frames_expected'),
    error: text('error'),
    /** The model pinned for the whole analysis (name@version): chunks never mix versions. */
    model: text('model'),
    ratings: jsonb('ratings').$type<SegmentRatings>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('inspections_segment_idx').on(t.segmentId)],
);

export type Inspection = typeof inspections.$inferSelect;
