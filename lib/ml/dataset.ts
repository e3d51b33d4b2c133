import { access } from 'node:fs/promises';
import path from 'node:path';
import type { NormalizationConfig } from '../config';
import { DEFECT_CODES } from '../taxonomy/codes';
import { decodeImage, NormalizerCache, preprocessForModel } from './preprocess';
import { readSewerMlCsv, type SewerMlRow } from './sewer-ml-csv';

/**
 * A Sewer-ML-format data set (DIR/labels.csv + DIR/images/…) loaded into flat typed arrays,
 * preprocessed exactly as inference does (preprocessForModel), ready to become tensors.
 */
export interface SewerMlDataset {
  n: number;
  inputSize: number;
  /** n × inputSize × inputSize × 3, packed RGB24, row-major (NHWC). */
  images: Uint8Array;
  /** n × 17, 0/1, DEFECT_CODES order. */
  labels: Uint8Array;
  /** Water-level bin 0..3 per image, -1 unknown. */
  water: Int8Array;
  /** Paths as written in the CSV's Filename column. */
  files: string[];
}

export interface LoadDatasetOptions {
  inputSize: number;
  /** false = `--no-normalize`: skip the lighting normalizer (images are still resized). */
  normalize: boolean;
  normalization?: NormalizationConfig;
  /** Label CSV to read instead of DIR/labels.csv (e.g. the real Sewer-ML's SewerML_Val.csv). */
  labelsFile?: string;
  /** Load only the first `limit` rows. */
  limit?: number;
  /** Progress sink; defaults to a line on stderr. Pass `null` for silence. */
  progress?: ((done: number, total: number) => void) | null;
}

export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetError';
  }
}

export async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}

/** Sewer-ML's Filename is relative to DIR/images (our generator) or to DIR itself (some exports). */
export async function resolveImagePath(dir: string, file: string): Promise<string> {
  const inImages = path.join(dir, 'images', file);
  if (await exists(inImages)) return inImages;
  const direct = path.join(dir, file);
  if (await exists(direct)) return direct;
  throw new DatasetError(`image "${file}" from the label CSV not found under ${dir}/images or ${dir}`);
}

export function stderrProgress(label: string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done !== total && now - last < 1000) return;
    last = now;
    const line = `[${label}] ${done}/${total} images`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

export async function loadSewerMlDataset(dir: string, opts: LoadDatasetOptions): Promise<SewerMlDataset> {
  const csv = opts.labelsFile ?? path.join(dir, 'labels.csv');
  if (!(await exists(csv))) throw new DatasetError(`${csv} not found (expected a Sewer-ML label CSV)`);
  let rows: SewerMlRow[] = await readSewerMlCsv(csv);
  if (opts.limit !== undefined) rows = rows.slice(0, Math.max(0, opts.limit));
  const n = rows.length;
  const size = opts.inputSize;
  const px = size * size * 3;
  const images = new Uint8Array(n * px);
  const labels = new Uint8Array(n * DEFECT_CODES.length);
  const water = new Int8Array(n);
  const progress = opts.progress === undefined ? stderrProgress('data') : opts.progress;
  const normalizers = opts.normalize ? new NormalizerCache(opts.normalization) : null;
  // Decode a few images ahead: sharp decodes on its own thread pool while we normalize on this one.
  const AHEAD = 8;
  const decodeRow = async (i: number) => decodeImage(await resolveImagePath(dir, rows[i].file));
  const pending = new Map<number, ReturnType<typeof decodeRow>>();
  const schedule = (i: number) => {
    if (i < n && !pending.has(i)) {
      const p = decodeRow(i);
      p.catch(() => undefined); // awaited below; avoid an unhandled rejection while it waits its turn
      pending.set(i, p);
    }
  };
  try {
    for (let i = 0; i < Math.min(AHEAD, n); i++) schedule(i);
    for (let i = 0; i < n; i++) {
      const img = await pending.get(i)!;
      pending.delete(i);
      schedule(i + AHEAD);
      const norm = normalizers ? await normalizers.get(img.width, img.height) : null;
      images.set(preprocessForModel(img.rgb, img.width, img.height, norm, size), i * px);
      labels.set(rows[i].labels, i * DEFECT_CODES.length);
      water[i] = rows[i].water;
      progress?.(i + 1, n);
    }
  } finally {
    await normalizers?.dispose();
  }
  return { n, inputSize: size, images, labels, water, files: rows.map((r) => r.file) };
}
