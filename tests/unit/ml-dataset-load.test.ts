import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, loadSewerMlDataset } from '../../lib/ml/dataset';
import { decodeImage, NormalizerCache, preprocessForModel } from '../../lib/ml/preprocess';
import { formatSewerMlCsv } from '../../lib/ml/sewer-ml-csv';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

let dir: string;
const S = 24;

function labels(...codes: string[]): Uint8Array {
  const l = new Uint8Array(17);
  for (const c of codes) l[DEFECT_CODES.indexOf(c as never)] = 1;
  return l;
}

/** Minimal 24-bit bottom-up BMP writer (sharp cannot write BMP). */
function bmp24(w: number, h: number, rgb: Uint8Array): Uint8Array {
  const stride = Math.ceil((w * 3) / 4) * 4;
  const buf = new Uint8Array(54 + stride * h);
  const dv = new DataView(buf.buffer);
  buf.set([0x42, 0x4d]);
  dv.setUint32(2, buf.length, true);
  dv.setUint32(10, 54, true);
  dv.setUint32(14, 40, true);
  dv.setInt32(18, w, true);
  dv.setInt32(22, h, true);
  dv.setUint16(26, 1, true);
  dv.setUint16(28, 24, true);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = 54 + (h - 1 - y) * stride + x * 3;
      const i = (y * w + x) * 3;
      buf[o] = rgb[i + 2];
      buf[o + 1] = rgb[i + 1];
      buf[o + 2] = rgb[i];
    }
  return buf;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sewer-ds-'));
  await mkdir(path.join(dir, 'images/sub'), { recursive: true });
  const noise = (w: number, h: number, seed: number) => Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37 + seed * 101) % 251);
  await sharp(noise(64, 48, 1), { raw: { width: 64, height: 48, channels: 3 } }).png().toFile(path.join(dir, 'images/a.png'));
  await sharp(noise(40, 40, 2), { raw: { width: 40, height: 40, channels: 3 } }).jpeg().toFile(path.join(dir, 'images/sub/b.jpg'));
  await writeFile(path.join(dir, 'images/c.bmp'), bmp24(30, 20, noise(30, 20, 3)));
  await writeFile(
    path.join(dir, 'labels.csv'),
    formatSewerMlCsv([
      { file: 'a.png', labels: labels('RB', 'FS'), water: 2 },
      { file: 'sub/b.jpg', labels: labels(), water: 0 },
      { file: 'c.bmp', labels: labels('OK'), water: 3 },
    ]),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadSewerMlDataset', () => {
  it('loads images through preprocessForModel into flat arrays, in CSV order', async () => {
    const calls: number[] = [];
    const ds = await loadSewerMlDataset(dir, { inputSize: S, normalize: true, progress: (d) => calls.push(d) });
    expect(ds.n).toBe(3);
    expect(ds.files).toEqual(['a.png', 'sub/b.jpg', 'c.bmp']);
    expect(ds.images).toHaveLength(3 * S * S * 3);
    expect(Array.from(ds.water)).toEqual([2, 0, 3]);
    expect(Array.from(ds.labels.subarray(0, 17))).toEqual(Array.from(labels('RB', 'FS')));
    expect(Array.from(ds.labels.subarray(34, 51))).toEqual(Array.from(labels('OK')));
    expect(calls).toEqual([1, 2, 3]);
    // byte-identical to decoding and preprocessing each file by hand
    const cache = new NormalizerCache();
    for (const [i, f] of ['images/a.png', 'images/sub/b.jpg', 'images/c.bmp'].entries()) {
      const img = await decodeImage(path.join(dir, f));
      const want = preprocessForModel(img.rgb, img.width, img.height, await cache.get(img.width, img.height), S);
      expect(Buffer.from(ds.images.subarray(i * S * S * 3, (i + 1) * S * S * 3)).equals(Buffer.from(want))).toBe(true);
    }
    await cache.dispose();
  });

  it('--no-normalize still resizes; limit takes the first rows', async () => {
    const ds = await loadSewerMlDataset(dir, { inputSize: S, normalize: false, limit: 2, progress: null });
    expect(ds.n).toBe(2);
    const img = await decodeImage(path.join(dir, 'images/a.png'));
    expect(Buffer.from(ds.images.subarray(0, S * S * 3)).equals(Buffer.from(preprocessForModel(img.rgb, 64, 48, null, S)))).toBe(true);
  });

  it('names a missing image and a missing labels.csv', async () => {
    const bad = await mkdtemp(path.join(os.tmpdir(), 'sewer-ds-bad-'));
    try {
      await expect(loadSewerMlDataset(bad, { inputSize: S, normalize: false, progress: null })).rejects.toThrow(/labels\.csv not found/);
      await writeFile(path.join(bad, 'labels.csv'), formatSewerMlCsv([{ file: 'gone.png', labels: labels(), water: 0 }]));
      await expect(loadSewerMlDataset(bad, { inputSize: S, normalize: false, progress: null })).rejects.toThrow(DatasetError);
      await expect(loadSewerMlDataset(bad, { inputSize: S, normalize: false, progress: null })).rejects.toThrow(/gone\.png/);
    } finally {
      await rm(bad, { recursive: true, force: true });
    }
  });
});

describe('NormalizerCache', () => {
  it('reuses one normalizer per size and evicts beyond capacity', async () => {
    const cache = new NormalizerCache(undefined, 2);
    const a1 = await cache.get(32, 24);
    const a2 = await cache.get(32, 24);
    expect(a2).toBe(a1);
    await cache.get(16, 16);
    await cache.get(20, 20); // evicts 32x24 (least recently used)
    const a3 = await cache.get(32, 24);
    expect(a3).not.toBe(a1);
    expect([a3.width, a3.height]).toEqual([32, 24]);
    await cache.dispose();
  });
});
