import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Inspection } from '../../db/schema';
import type { ServiceContext } from '../context';
import { startInspection } from './start-inspection';
import { ValidationError } from '../errors';

/**
 * Batch path (CLI, benchmarks): bring a local video file into the file store under a
 * generated name — hard link when on the same file system, else copy — and start it
 * exactly like a browser upload.
 */
export async function importVideo(ctx: ServiceContext, input: { segmentId: string; file: string; originalFilename?: string }): Promise<Inspection> {
  let st: fs.Stats;
  try {
    st = fs.statSync(input.file);
  } catch {
    throw new ValidationError({ file: `cannot read ${input.file}` });
  }
  if (!st.isFile()) throw new ValidationError({ file: `${input.file} is not a file` });
  const videoKey = crypto.randomBytes(16).toString('hex');
  const dest = ctx.store.videoPath(videoKey);
  try {
    fs.linkSync(input.file, dest);
  } catch {
    await fs.promises.copyFile(input.file, dest);
  }
  return startInspection(ctx, {
    segmentId: input.segmentId,
    videoKey,
    originalFilename: input.originalFilename ?? input.file.split('/').pop() ?? 'video',
    sizeBytes: st.size,
  });
}
