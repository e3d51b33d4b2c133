import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SewerMlDataset, LoadDatasetOptions } from './dataset';
import { CACHE_SUFFIX, readDatasetCache } from './train-cache';

/**
 * Loads a Sewer-ML data set for training through ML-DATA's loader (lib/ml/dataset.ts, which
 * runs the SAME preprocessForModel as inference). While that loader's dependencies
 * (lib/vision/resize, lib/adapters/opencv-normalizer) are not in the tree yet, falls back
 * to a stand-in: sharp decode + area-average resize, NO lighting normalization — marked in
 * the returned `loader` so the manifest records it. Never ship a model trained that way.
 */
export async function loadTrainingData(dir: string, opts: LoadDatasetOptions): Promise<{ ds: SewerMlDataset; loader: 'dataset' | 'standin' | 'cache' }> {
  if (dir.endsWith(CACHE_SUFFIX)) {
    const { ds, normalized } = await readDatasetCache(dir);
    if (ds.inputSize !== opts.inputSize) throw new Error(`${dir} holds ${ds.inputSize}² images; the model takes ${opts.inputSize}²`);
    if (normalized !== opts.normalize) throw new Error(`${dir} was made with normalize=${normalized}, training asks for ${opts.normalize}`);
    return { ds, loader: 'cache' };
  }
  let mod: typeof import('./dataset') | undefined;
  try {
    mod = await import('./dataset');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw err;
    console.error(`[train] WARNING: ${(err as Error).message.split('\n')[0]} — using the stand-in loader (no normalization)`);
  }
  if (mod) return { ds: await mod.loadSewerMlDataset(dir, opts), loader: 'dataset' };
  return { ds: await standinLoad(dir, opts.inputSize), loader: 'standin' };
}

async function standinLoad(dir: string, size: number): Promise<SewerMlDataset> {
  const sharp = (await import('sharp')).default;
  const { DEFECT_CODES } = await import('../taxonomy/codes');
  const text = await readFile(path.join(dir, 'labels.csv'), 'utf8');
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  const codeIdx = DEFECT_CODES.map((c) => cols.indexOf(c));
  const va = cols.indexOf('VA');
  const n = lines.length;
  const px = size * size * 3;
  const images = new Uint8Array(n * px);
  const labels = new Uint8Array(n * DEFECT_CODES.length);
  const water = new Int8Array(n).fill(-1);
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = lines[i].split(',');
    files.push(f[0]);
    const { data } = await sharp(path.join(dir, 'images', f[0])).removeAlpha().resize(size, size, { fit: 'fill', kernel: 'mitchell' }).raw().toBuffer({ resolveWithObject: true });
    images.set(data, i * px);
    codeIdx.forEach((ci, c) => (labels[i * DEFECT_CODES.length + c] = f[ci] === '1' ? 1 : 0));
    if (va >= 0 && f[va] !== '') water[i] = Number(f[va]);
  }
  return { n, inputSize: size, images, labels, water, files };
}
