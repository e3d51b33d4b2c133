import { finalizeInspection } from '../../lib/services/ingest/finalize-inspection';
import type { JobHandler } from '../registry';

export const finalize: JobHandler<'finalize'> = (ctx, { inspectionId }, meta) => finalizeInspection(ctx, inspectionId, { lastAttempt: meta.lastAttempt });
