import crypto from 'node:crypto';
import { Server, type Upload } from '@tus/server';
import { FileStore as TusFileStore } from '@tus/file-store';
import { getContext } from '../runtime';
import { startInspection } from '../services/inspections/start-inspection';
import { ServiceError } from '../services/errors';

const KEY = Symbol.for('sewer.tus');
type Holder = { [KEY]?: Promise<Server> };

/** Errors thrown from tus hooks become HTTP responses with this shape. */
function reject(status: number, message: string) {
  return { status_code: status, body: JSON.stringify({ error: message }) };
}

async function build(): Promise<Server> {
  const ctx = await getContext();
  return new Server({
    path: '/api/uploads',
    datastore: new TusFileStore({ directory: ctx.store.uploadDir }),
    maxSize: ctx.config.limits.maxUploadBytes,
    relativeLocation: true,
    respectForwardedHeaders: true,
    // Stored names are random: the user's file name is metadata only.
    namingFunction: () => crypto.randomBytes(16).toString('hex'),
    async onUploadCreate(_req, upload) {
      const segmentId = upload.metadata?.segmentId ?? '';
      if (!/^[0-9a-f-]{36}$/i.test(segmentId)) throw reject(400, 'Upload metadata must name a segmentId');
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      try {
        const inspection = await startInspection(ctx, {
          segmentId: upload.metadata?.segmentId ?? '',
          videoKey: upload.id,
          originalFilename: upload.metadata?.filename ?? 'video',
          sizeBytes: upload.size ?? upload.offset,
        });
        return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inspectionId: inspection.id }) };
      } catch (err) {
        if (err instanceof ServiceError) throw reject(err.status, err.message);
        throw err;
      }
    },
  });
}

export function uploadServer(): Promise<Server> {
  const g = globalThis as Holder;
  g[KEY] ??= build();
  return g[KEY];
}
