import { pgTable, text, integer, timestamp } from 'drizzle-orm/pg-core';

/** One row per running worker (process or embedded), refreshed every few seconds; /api/health reads it. */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  /** host:pid */
  id: text('id').primaryKey(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  kind: text('kind', { enum: ['process', 'embedded'] }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  beatAt: timestamp('beat_at', { withTimezone: true }).notNull().defaultNow(),
  /** Jobs in hand at the last beat. */
  activeJobs: integer('active_jobs').notNull().default(0),
  jobsDone: integer('jobs_done').notNull().default(0),
});
