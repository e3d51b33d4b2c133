import { probeInspection } from '../../lib/services/ingest/probe-inspection';
import type { JobHandler } from '../registry';

export const ingest: JobHandler<'ingest'> = (ctx, { inspectionId }) => probeInspection(ctx, inspectionId);
