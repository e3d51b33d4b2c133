import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '../../lib/adapters/ffmpeg-binary';
import { decodeBmp, decodeImage, ImageDecodeError, normalizationWorkSize, NormalizerCache, prepareModelInput, preprocessForModel } from '../../lib/ml/preprocess';
import { resizeRgbArea } from '../../lib/vision/resize';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'sewer-img-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A 37×23 test card with gradients (odd width exercises BMP row padding). */
function card(w = 37, h = 23): Uint8Array {
  const rgb = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      rgb[o] = (x * 7) & 255;
      rgb[o + 1] = (y * 11) & 255;
      rgb[o + 2] = ((x + y) * 5) & 255;
    }
  return rgb;
}

/** ffmpeg as the independent reference: encode a BMP in `pixFmt`, and decode it back to RGB24. */
function ffmpegBmp(pixFmt: string): { file: string; reference: Uint8Array } {
  const { ffmpeg } = ffmpegBinaries();
  const src = path.join(tmp, 'card.rgb');
  writeFileSync(src, card());
  const file = path.join(tmp, `card-${pixFmt}.bmp`);
  execFileSync(ffmpeg, ['-v', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', '37x23', '-i', src, '-pix_fmt', pixFmt, file]);
  const reference = execFileSync(ffmpeg, ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return { file, reference: new Uint8Array(reference) };
}

describe('BMP decoding (sharp cannot read BMP)', () => {
  for (const fmt of ['bgr24', 'bgra', 'pal8', 'rgb555le']) {
    it(`matches ffmpeg's decode for ${fmt}`, async () => {
      const { file, reference } = ffmpegBmp(fmt);
      const img = await decodeImage(file);
      expect([img.width, img.height]).toEqual([37, 23]);
      expect(Buffer.from(img.rgb).equals(Buffer.from(reference))).toBe(true);
      if (fmt === 'bgr24') expect(Buffer.from(img.rgb).equals(Buffer.from(card()))).toBe(true); // lossless
    });
  }

  it('reads top-down BMPs (negative height)', () => {
    const { file } = ffmpegBmp('bgr24');
    const buf = new Uint8Array(readFileSync(file));
    const dv = new DataView(buf.buffer);
    const h = dv.getInt32(22, true);
    const off = dv.getUint32(10, true);
    const stride = Math.floor((24 * 37 + 31) / 32) * 4;
    const flipped = buf.slice();
    for (let y = 0; y < h; y++) flipped.set(buf.subarray(off + y * stride, off + (y + 1) * stride), off + (h - 1 - y) * stride);
    new DataView(flipped.buffer).setInt32(22, -h, true);
    expect(Buffer.from(decodeBmp(flipped).rgb).equals(Buffer.from(card()))).toBe(true);
  });

  it('rejects truncated and compressed files with a reason', () => {
    const { file } = ffmpegBmp('bgr24');
    const buf = new Uint8Array(readFileSync(file));
    expect(() => decodeBmp(buf.subarray(0, 200))).toThrow(/truncated/);
    const rle = buf.slice();
    new DataView(rle.buffer).setUint32(30, 1, true);
    expect(() => decodeBmp(rle)).toThrow(/compressed BMP/);
  });
});

describe('decodeImage via sharp', () => {
  it('PNG with alpha and greyscale JPEG come back as RGB24', async () => {
    const rgba = path.join(tmp, 'a.png');
    await sharp({ create: { width: 9, height: 5, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toFile(rgba);
    const a = await decodeImage(rgba);
    expect([a.width, a.height, a.rgb.length]).toEqual([9, 5, 9 * 5 * 3]);
    expect(Array.from(a.rgb.subarray(0, 3))).toEqual([10, 200, 30]);
    const grey = path.join(tmp, 'g.jpg');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 128, g: 128, b: 128 } } }).greyscale().jpeg().toFile(grey);
    const g = await decodeImage(grey);
    expect(g.rgb.length).toBe(8 * 8 * 3);
  });

  it('a non-image fails with ImageDecodeError naming the file', async () => {
    const bad = path.join(tmp, 'bad.jpg');
    writeFileSync(bad, 'not an image');
    await expect(decodeImage(bad)).rejects.toThrow(ImageDecodeError);
    await expect(decodeImage(bad)).rejects.toThrow(/bad\.jpg/);
  });
});

describe('preprocessForModel', () => {
  it('without a normalizer it is exactly resizeRgbArea to inputSize²', () => {
    const rgb = card();
    expect(Buffer.from(preprocessForModel(rgb, 37, 23, null, 16)).equals(Buffer.from(resizeRgbArea(rgb, 37, 23, 16, 16)))).toBe(true);
  });

  it('normalizes at source size (up to the work width) before resizing', async () => {
    const { createNormalizer } = await import('../../lib/adapters/opencv-normalizer');
    const rgb = card(64, 48);
    const norm = await createNormalizer(64, 48);
    try {
      const expected = resizeRgbArea(norm.normalize(rgb).rgb, 64, 48, 32, 32);
      expect(Buffer.from(preprocessForModel(rgb, 64, 48, norm, 32)).equals(Buffer.from(expected))).toBe(true);
      expect(() => preprocessForModel(card(), 37, 23, norm, 32)).toThrow(/normalizer is 64x48/);
    } finally {
      norm.dispose();
    }
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => preprocessForModel(new Uint8Array(10), 4, 4, null, 2)).toThrow(/48/);
  });

  it('normalizes frames wider than the work width at the work width (aspect kept), then resizes', async () => {
    expect(normalizationWorkSize(640, 360, 256)).toEqual({ width: 256, height: 144 });
    expect(normalizationWorkSize(200, 150, 256)).toEqual({ width: 200, height: 150 });
    expect(normalizationWorkSize(640, 4, 256)).toEqual({ width: 256, height: 8 });
    expect(normalizationWorkSize(640, 360, undefined)).toEqual({ width: 640, height: 360 });
    const { createNormalizer, DEFAULT_NORMALIZATION } = await import('../../lib/adapters/opencv-normalizer');
    const cache = new NormalizerCache({ ...DEFAULT_NORMALIZATION, workWidth: 40 });
    const rgb = card(80, 60);
    const norm = await cache.get(80, 60);
    expect([norm.width, norm.height]).toEqual([40, 30]);
    const ref = await createNormalizer(40, 30);
    try {
      const n = ref.normalize(resizeRgbArea(rgb, 80, 60, 40, 30));
      const got = prepareModelInput(rgb, 80, 60, norm, 16);
      expect(Buffer.from(got.input).equals(Buffer.from(resizeRgbArea(n.rgb, 40, 30, 16, 16)))).toBe(true);
      expect(got.before).toEqual(n.before);
      expect(got.after).toEqual(n.after);
      // A normalizer for another work size is refused, not silently misused.
      expect(() => prepareModelInput(card(90, 60), 90, 60, norm, 16)).toThrow(/normalizer is 40x30, frame is 90x60/);
    } finally {
      ref.dispose();
      await cache.dispose();
    }
  });
});
