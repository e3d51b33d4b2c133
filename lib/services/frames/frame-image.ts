import sharp from 'sharp';
import type { NormalizationConfig } from '../../config';
import type { FileStore, FrameVariant } from '../../adapters/file-store';
import { encodeJpeg } from '../../adapters/jpeg';
import { NormalizerCache } from '../../ml/preprocess';

/**
 * A frame picture for people: 'raw' is the frame as decoded (the pipeline stores only that);
 * 'norm' is the same frame with the lighting normalization at FULL size, rendered on first
 * request and then kept in the file store (inspections analysed before this stored both).
 * Reviewers look at a few dozen frames of an inspection, the pipeline decodes thousands: rendering
 * on demand took normalization and a second JPEG out of every pipeline frame.
 */
let displayNormalizers: { key: string; cache: NormalizerCache } | undefined;

function displayNormalizerCache(cfg: NormalizationConfig): NormalizerCache {
  // workWidth 0: the model's work size is irrelevant here, people see the full frame.
  const full = { ...cfg, workWidth: 0 };
  const key = JSON.stringify(full);
  if (displayNormalizers?.key !== key) {
    void displayNormalizers?.cache.dispose();
    displayNormalizers = { key, cache: new NormalizerCache(full, 2) };
  }
  return displayNormalizers.cache;
}

export async function frameImage(
  ctx: { store: FileStore; config: { normalization: NormalizationConfig } },
  inspectionId: string,
  index: number,
  variant: FrameVariant,
): Promise<Buffer | null> {
  const { store } = ctx;
  const stored = await store.read(store.framePath(inspectionId, index, variant));
  if (stored || variant === 'raw') return stored;
  const raw = await store.read(store.framePath(inspectionId, index, 'raw'));
  if (!raw) return null;
  const { data, info } = await sharp(raw).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const normalizer = await displayNormalizerCache(ctx.config.normalization).get(info.width, info.height);
  const out = normalizer.normalize(new Uint8Array(data.buffer, data.byteOffset, data.length));
  const jpg = await encodeJpeg(out.rgb, info.width, info.height);
  await store.writeAtomic(store.framePath(inspectionId, index, 'norm'), jpg);
  return jpg;
}
