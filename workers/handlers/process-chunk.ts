import { processChunk } from '../../lib/services/ingest/process-chunk';
import type { JobHandler } from '../registry';

export const processChunkHandler: JobHandler<'process-chunk'> = (ctx, { inspectionId, chunkIndex }, meta) =>
  processChunk(ctx, inspectionId, chunkIndex, { lastAttempt: meta.lastAttempt });
