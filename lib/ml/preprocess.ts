import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import type { NormalizationConfig } from '../config';
import type { ChannelStats, FrameNormalizer } from '../adapters/opencv-normalizer';
import { resizeRgbArea } from '../vision/resize';

/**
 * The model's input preparation, shared by training, eval, classify and the video pipeline so that
 * every path feeds the CNN identical pixels: area-resize to the normalization work size (frames
 * wider than the config's workWidth; see NormalizationConfig), normalize lighting there (the
 * normalizer's illumination sigma and CLAHE tiles are fractions of the frame), then area-resize
 * to inputSize². The normalizer must be sized for the work size (NormalizerCache.get does that).
 */
export interface PreparedInput {
  input: Uint8Array;
  /** Frame statistics before / after normalization (at the work size); absent without a normalizer. */
  before?: ChannelStats;
  after?: ChannelStats;
}

export function prepareModelInput(
  rgb: Uint8Array,
  width: number,
  height: number,
  normalizer: FrameNormalizer | null,
  inputSize: number,
): PreparedInput {
  if (rgb.length !== width * height * 3) {
    throw new RangeError(`preprocess: buffer holds ${rgb.length} bytes, ${width}x${height} RGB24 needs ${width * height * 3}`);
  }
  if (!normalizer) return { input: width === inputSize && height === inputSize ? rgb.slice() : resizeRgbArea(rgb, width, height, inputSize, inputSize) };
  const [w, h] = [normalizer.width, normalizer.height];
  if (w !== width || h !== height) {
    const work = normalizationWorkSize(width, height, w);
    if (w >= width || work.width !== w || work.height !== h) {
      throw new RangeError(`preprocess: normalizer is ${w}x${h}, frame is ${width}x${height}`);
    }
  }
  const n = normalizer.normalize(rgb, { width, height }); // area-shrinks to the work size first when larger
  const input = w === inputSize && h === inputSize ? n.rgb : resizeRgbArea(n.rgb, w, h, inputSize, inputSize);
  return { input, before: n.before, after: n.after };
}

export function preprocessForModel(
  rgb: Uint8Array,
  width: number,
  height: number,
  normalizer: FrameNormalizer | null,
  inputSize: number,
): Uint8Array {
  return prepareModelInput(rgb, width, height, normalizer, inputSize).input;
}

/** Where model-input normalization runs: frames wider than `workWidth` shrink to it (aspect kept, ≥ 8 rows). */
export function normalizationWorkSize(width: number, height: number, workWidth: number | undefined): { width: number; height: number } {
  if (!workWidth || width <= workWidth) return { width, height };
  return { width: workWidth, height: Math.max(8, Math.round((height * workWidth) / width)) };
}

/**
 * Normalizers hold OpenCV Mats sized for one frame size, so they are cached per work size
 * (`get(w, h)` returns the normalizer for the frame's normalization work size).
 * Data sets mix a few sizes (real-dev: 720x576 and 352x288); a small LRU bounds the Mats kept alive.
 */
export class NormalizerCache {
  private readonly entries = new Map<string, Promise<FrameNormalizer>>();
  constructor(
    private readonly cfg?: NormalizationConfig,
    private readonly capacity = 4,
  ) {}

  async get(width: number, height: number): Promise<FrameNormalizer> {
    // Import first so no await separates the lookup from the insert (concurrent callers share one entry).
    const { createNormalizer, DEFAULT_NORMALIZATION } = await import('../adapters/opencv-normalizer');
    ({ width, height } = normalizationWorkSize(width, height, (this.cfg ?? DEFAULT_NORMALIZATION).workWidth));
    const key = `${width}x${height}`;
    const hit = this.entries.get(key);
    let p: Promise<FrameNormalizer>;
    if (hit) {
      p = hit;
      this.entries.delete(key); // re-insert below: Map insertion order is the LRU order
    } else {
      p = createNormalizer(width, height, this.cfg);
    }
    this.entries.set(key, p);
    while (this.entries.size > this.capacity) {
      const [oldKey, old] = this.entries.entries().next().value as [string, Promise<FrameNormalizer>];
      this.entries.delete(oldKey);
      (await old).dispose();
    }
    return p;
  }

  async dispose(): Promise<void> {
    const all = [...this.entries.values()];
    this.entries.clear();
    for (const p of all) (await p).dispose();
  }
}

export interface DecodedImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export class ImageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/** Any format sharp reads (JPEG, PNG, WebP, TIFF, GIF…) plus BMP, which sharp does not read. */
export async function decodeImage(file: string): Promise<DecodedImage> {
  const buf = await readFile(file);
  if (buf.length >= 2 && buf[0] === 0x42 && buf[1] === 0x4d) {
    try {
      return decodeBmp(buf);
    } catch (err) {
      throw new ImageDecodeError(`${file}: ${(err as Error).message}`);
    }
  }
  try {
    const { data, info } = await sharp(buf).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (err) {
    throw new ImageDecodeError(`${file}: cannot decode image (${(err as Error).message})`);
  }
}

/**
 * Uncompressed Windows BMP (BI_RGB, or BI_BITFIELDS for 16/32-bit) at 1/4/8-bit palette, 16, 24 or
 * 32 bits per pixel. Rows are stored bottom-up unless the height is negative, each padded to 4 bytes.
 */
export function decodeBmp(buf: Uint8Array): DecodedImage {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 54 || dv.getUint16(0, true) !== 0x4d42) throw new Error('not a BMP file');
  const pixelOffset = dv.getUint32(10, true);
  const dibSize = dv.getUint32(14, true);
  if (dibSize < 40) throw new Error(`unsupported BMP header (size ${dibSize}, OS/2 core headers are not supported)`);
  const width = dv.getInt32(18, true);
  const rawHeight = dv.getInt32(22, true);
  const bpp = dv.getUint16(28, true);
  const compression = dv.getUint32(30, true);
  const colorsUsed = dv.getUint32(46, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0 || width * height > 100e6) throw new Error(`implausible BMP size ${width}x${rawHeight}`);
  if (compression !== 0 && compression !== 3) throw new Error(`compressed BMP (method ${compression}) is not supported`);

  // Channel masks: BI_BITFIELDS stores them right after a 40-byte header (or inside V4/V5 headers at the same offset).
  let masks: [number, number, number] | undefined;
  if (compression === 3) masks = [dv.getUint32(54, true), dv.getUint32(58, true), dv.getUint32(62, true)];
  else if (bpp === 16) masks = [0x7c00, 0x03e0, 0x001f];
  else if (bpp === 32) masks = [0x00ff0000, 0x0000ff00, 0x000000ff];

  let palette: Uint8Array | undefined;
  if (bpp <= 8) {
    const count = colorsUsed || 1 << bpp;
    const start = 14 + dibSize;
    palette = new Uint8Array(count * 3);
    for (let i = 0; i < count; i++) {
      palette[i * 3] = buf[start + i * 4 + 2];
      palette[i * 3 + 1] = buf[start + i * 4 + 1];
      palette[i * 3 + 2] = buf[start + i * 4];
    }
  } else if (bpp !== 16 && bpp !== 24 && bpp !== 32) throw new Error(`unsupported BMP depth ${bpp} bits`);

  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (pixelOffset + stride * height > buf.length) throw new Error('truncated BMP pixel data');
  // Expand an n-bit channel to 8 bits by bit replication (what ffmpeg and most decoders do).
  const channel = (v: number, mask: number) => {
    if (mask === 0) return 0;
    const shift = 31 - Math.clz32(mask & -mask);
    const bits = 32 - Math.clz32(mask >>> shift);
    const x = ((v & mask) >>> shift) >>> 0;
    if (bits >= 8) return x >>> (bits - 8);
    let out = 0;
    for (let filled = 0; filled < 8; filled += bits) out |= filled + bits <= 8 ? x << (8 - filled - bits) : x >>> (filled + bits - 8);
    return out & 255;
  };
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const row = pixelOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (bpp === 24) {
        rgb[o] = buf[row + x * 3 + 2];
        rgb[o + 1] = buf[row + x * 3 + 1];
        rgb[o + 2] = buf[row + x * 3];
      } else if (bpp === 32 || bpp === 16) {
        const v = bpp === 32 ? dv.getUint32(row + x * 4, true) : dv.getUint16(row + x * 2, true);
        rgb[o] = channel(v, masks![0]);
        rgb[o + 1] = channel(v, masks![1]);
        rgb[o + 2] = channel(v, masks![2]);
      } else {
        const bit = x * bpp;
        const idx = (buf[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        rgb[o] = palette![idx * 3];
        rgb[o + 1] = palette![idx * 3 + 1];
        rgb[o + 2] = palette![idx * 3 + 2];
      }
    }
  }
  return { rgb, width, height };
}

/**
 * Image files → model inputs (decode, normalize at the work size, resize), in order.
 * `normalizers` null skips normalization (a model trained with --no-normalize, or `--no-normalize`).
 */
export async function loadImagesForModel(
  files: readonly string[],
  inputSize: number,
  normalizers: NormalizerCache | null,
): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const file of files) {
    const img = await decodeImage(file);
    const norm = normalizers ? await normalizers.get(img.width, img.height) : null;
    out.push(preprocessForModel(img.rgb, img.width, img.height, norm, inputSize));
  }
  return out;
}

/** The manifest's rule: normalization null = trained on un-normalized images, so skip the normalizer. */
export function normalizersFor(normalization: NormalizationConfig | null | undefined): NormalizerCache | null {
  return normalization === null ? null : new NormalizerCache(normalization);
}
