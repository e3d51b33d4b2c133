import crypto from 'node:crypto';
import { Server, type Upload } from '@tus/server';
import { FileStore as TusFileStore } from '@tus/file-store';
import { getContext } from '../runtime';
import type { ServiceContext } from '../services/context';
import { startInspection } from '../services/inspections/start-inspection';
import { checkUpload } from '../services/inspections/check-upload';
import { ServiceError } from '../services/errors';

const KEY = Symbol.for('sewer.tus');
type Holder = { [KEY]?: Promise<Server> };

/** Errors thrown from tus hooks become HTTP responses with this body (tus ignores headers on errors). */
function reject(status: number, message: string) {
  return { status_code: status, body: JSON.stringify({ error: message }) };
}

async function asHttp<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ServiceError) throw reject(err.status, err.message);
    throw err;
  }
}

export function createUploadServer(ctx: ServiceContext): Server {
  const maxBytes = ctx.config.limits.maxUploadBytes;
  return new Server({
    path: '/api/uploads',
    datastore: new TusFileStore({ directory: ctx.store.uploadDir }),
    // A creation request that declares its length is checked by checkUpload (with a message that
    // names the limit); every other request (deferred length, PATCH) is held to the limit by tus.
    maxSize: (req) => (req.method === 'POST' && req.headers.get('upload-length') !== null ? 0 : maxBytes),
    relativeLocation: true,
    respectForwardedHeaders: true,
    // Stored names are random: the user's file name is metadata only.
    namingFunction: () => crypto.randomBytes(16).toString('hex'),
    async onUploadCreate(_req, upload) {
      await asHttp(() =>
        checkUpload(ctx, {
          segmentId: upload.metadata?.segmentId ?? undefined,
          filename: upload.metadata?.filename ?? undefined,
          filetype: upload.metadata?.filetype ?? undefined,
          size: upload.sizeIsDeferred ? undefined : upload.size,
        }),
      );
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      const inspection = await asHttp(() =>
        startInspection(ctx, {
          segmentId: upload.metadata?.segmentId ?? '',
          videoKey: upload.id,
          originalFilename: upload.metadata?.filename ?? 'video',
          sizeBytes: upload.size ?? upload.offset,
        }),
      );
      return { status_code: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ inspectionId: inspection.id }) };
    },
  });
}

export function uploadServer(): Promise<Server> {
  const g = globalThis as Holder;
  g[KEY] ??= getContext().then(createUploadServer);
  return g[KEY];
}
