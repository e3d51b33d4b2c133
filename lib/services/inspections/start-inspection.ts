import { z } from 'zod';
import { inspections, type Inspection } from '../../db/schema';
import { enqueue } from '../../jobs/queue';
import type { ServiceContext } from '../context';
import { ValidationError, fieldErrorsFrom } from '../errors';
import { getSegment } from '../segments/list-segments';
import { cleanOriginalFilename } from './upload-policy';

const StartInput = z.object({
  segmentId: z.string().uuid('Pick a segment first'),
  videoKey: z.string().regex(/^[A-Za-z0-9_-]{8,128}$/, 'Invalid upload key'), // generated, same rule as the file store
  // Metadata only (displayed escaped, never a path). A long or odd name is cleaned, not refused:
  // by now the whole video has been transferred.
  originalFilename: z.string().transform(cleanOriginalFilename),
  sizeBytes: z.number().int().min(0),
});

/** A finished upload becomes an inspection, and its ingest job is queued. */
export async function startInspection(ctx: ServiceContext, input: z.input<typeof StartInput>): Promise<Inspection> {
  const parsed = StartInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  await getSegment(ctx, parsed.data.segmentId);
  const [row] = await ctx.db
    .insert(inspections)
    .values({ ...parsed.data, sampleFps: ctx.config.sampling.fps, status: 'queued' })
    .returning();
  await enqueue(ctx.queue, 'ingest', { inspectionId: row.id }, `ingest:${row.id}`);
  return row;
}
