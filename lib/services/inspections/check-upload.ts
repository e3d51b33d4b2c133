import type { ServiceContext } from '../context';
import { ServiceError } from '../errors';
import { getSegment } from '../segments/list-segments';
import { uploadRefusal, type UploadRequest } from './upload-policy';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Before an upload starts: the segment exists, the name and declared type are a video's, the
 * size is within the limit. Refusing here costs the inspector nothing; refusing after the last
 * byte would waste the whole transfer.
 */
export async function checkUpload(ctx: Pick<ServiceContext, 'db' | 'config'>, input: UploadRequest & { segmentId?: string }): Promise<void> {
  if (!UUID.test(input.segmentId ?? '')) throw new ServiceError('Upload metadata must name a segmentId', 400);
  const refusal = uploadRefusal(ctx.config.limits, input);
  if (refusal) throw new ServiceError(refusal.message, refusal.status);
  await getSegment(ctx, input.segmentId!);
}
