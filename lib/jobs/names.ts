import { z } from 'zod';

/** Every job the system runs. workers/registry.ts must have a handler for each (checked at start). */
export const JOB_NAMES = ['ingest', 'process-chunk', 'finalize'] as const;
export type JobName = (typeof JOB_NAMES)[number];

export const JobPayloads = {
  ingest: z.object({ inspectionId: z.string().uuid() }),
  'process-chunk': z.object({ inspectionId: z.string().uuid(), chunkIndex: z.number().int().min(0) }),
  finalize: z.object({ inspectionId: z.string().uuid() }),
} satisfies Record<JobName, z.ZodType>;

export type JobPayload<N extends JobName> = z.infer<(typeof JobPayloads)[N]>;

/** What a handler reports; failures meant for the user are stored on the inspection, not thrown. */
export type JobOutcome = { status: 'done' } | { status: 'skipped'; reason: string } | { status: 'failed'; reason: string };
