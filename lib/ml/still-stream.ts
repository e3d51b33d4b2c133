import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { NormalizationConfig } from '../config';
import type { DefectCode } from '../taxonomy/codes';
import { writeDataset } from '../synth/dataset';
import { exists, loadSewerMlDataset, type SewerMlDataset } from './dataset';
import { CACHE_SUFFIX, writeDatasetCache } from './train-cache';

/**
 * A stream of never-repeated training stills: a producer (`sewer synth stream`, on a core the
 * trainer does not use) renders, normalizes and caches one chunk after another; `train --stream`
 * trains each epoch on the next chunk, so no still is seen twice. Repeating the same 34000 stills
 * for several epochs overfit the deeper net; on fresh stills it did not (MODEL_CARD.md).
 */

/** One slice of a chunk: its share of the stills and how they are rendered. */
export interface StreamPart {
  name: string;
  share: number;
  lighting: 'normal' | 'strong';
  zRange?: [number, number];
  /** Share of defect-free stills (default 0.4, as `synth dataset`). */
  normalFrac?: number;
  /** Code weight multipliers (lib/synth/sampling.ts). */
  emphasis?: Partial<Record<DefectCode, number>>;
}

/**
 * The confusable wall textures, where most of the lost F2-CIW is (MODEL_CARD.md, `eval --errors`):
 * cracks, surface damage and attached deposits are confused with each other, and cracks with
 * chiselled connections and fine roots. The `texture` part draws them more often and together.
 */
export const TEXTURE_EMPHASIS: Readonly<Partial<Record<DefectCode, number>>> = Object.freeze({ RB: 3, OB: 3, BE: 3, PH: 2, RO: 1.5 });

/**
 * Every part a stream can render, with the default mix's shares — the mix 1.7.0, 1.8.0 and 1.9.0
 * were trained on: 64 % ordinary, 19 % strong lighting, 17 % defects close to the camera, and no
 * `texture` stills. A part's place in this list fixes its seeds (partSeed).
 */
export const DEFAULT_STREAM_MIX: readonly StreamPart[] = [
  { name: 'normal', share: 0.64, lighting: 'normal' },
  { name: 'strong', share: 0.19, lighting: 'strong' },
  { name: 'near', share: 0.17, lighting: 'normal', zRange: [0.6, 2.5] },
  { name: 'texture', share: 0, lighting: 'normal', normalFrac: 0.2, emphasis: TEXTURE_EMPHASIS },
];

/**
 * `--mix normal:0.5,strong:0.3,near:0.2`: the default parts' shares, re-weighted. Parts keep their
 * place (and so their seeds, partSeed(seed, k, place)) whatever the order given; a part left out
 * or given 0 is not rendered. Shares are relative (they need not sum to 1).
 */
export function parseStreamMix(spec: string): StreamPart[] {
  const shares = new Map<string, number>();
  for (const item of spec.split(',')) {
    const m = /^\s*([a-z]+)\s*:\s*([0-9]*\.?[0-9]+)\s*$/.exec(item);
    if (!m) throw new Error(`--mix: expected name:share items like normal:0.5,strong:0.3,near:0.2, got "${item}"`);
    if (!DEFAULT_STREAM_MIX.some((p) => p.name === m[1])) {
      throw new Error(`--mix: unknown part "${m[1]}" (parts: ${DEFAULT_STREAM_MIX.map((p) => p.name).join(', ')})`);
    }
    if (shares.has(m[1])) throw new Error(`--mix: part "${m[1]}" given twice`);
    shares.set(m[1], Number(m[2]));
  }
  const mix = DEFAULT_STREAM_MIX.map((p) => ({ ...p, share: shares.get(p.name) ?? 0 }));
  if (!mix.some((p) => p.share > 0)) throw new Error('--mix: at least one part needs a share above 0');
  return mix;
}

export function chunkFile(dir: string, k: number): string {
  return path.join(dir, `chunk-${String(k).padStart(4, '0')}${CACHE_SUFFIX}`);
}

/** Stills per part, summing exactly to `total`. */
export function partCounts(total: number, mix: readonly StreamPart[]): number[] {
  const sum = mix.reduce((s, p) => s + p.share, 0);
  const counts = mix.map((p) => Math.floor((total * p.share) / sum));
  // The rounding remainder goes to the largest part (never to a part with share 0).
  const largest = mix.reduce((best, p, i) => (p.share > mix[best].share ? i : best), 0);
  counts[largest] += total - counts.reduce((s, c) => s + c, 0);
  return counts;
}

/** Distinct generator seeds per (chunk, part), far from the held-out seeds (990001, 990002). */
export function partSeed(baseSeed: number, k: number, part: number): number {
  return baseSeed * 100000 + k * 16 + part;
}

export function concatDatasets(parts: SewerMlDataset[]): SewerMlDataset {
  const n = parts.reduce((s, p) => s + p.n, 0);
  const size = parts[0].inputSize;
  if (parts.some((p) => p.inputSize !== size)) throw new Error('cannot concatenate data sets of different input sizes');
  const images = new Uint8Array(parts.reduce((s, p) => s + p.images.length, 0));
  const labels = new Uint8Array(parts.reduce((s, p) => s + p.labels.length, 0));
  const water = new Int8Array(n);
  const files: string[] = [];
  let oi = 0;
  let ol = 0;
  let ow = 0;
  for (const p of parts) {
    images.set(p.images, oi);
    labels.set(p.labels, ol);
    water.set(p.water, ow);
    oi += p.images.length;
    ol += p.labels.length;
    ow += p.n;
    files.push(...p.files);
  }
  return { n, inputSize: size, images, labels, water, files };
}

export interface ProduceOptions {
  out: string;
  /** Stills per chunk. */
  chunk: number;
  /** Chunks 0..chunks-1; a chunk whose file already exists is skipped (re-running resumes). */
  chunks: number;
  seed: number;
  inputSize: number;
  normalization: NormalizationConfig;
  mix?: readonly StreamPart[];
  /** Rendered still size before the model's resize (the generator's default, 256). */
  renderSize?: number;
  log?: (line: string) => void;
}

/** Renders, normalizes and caches chunks; each appears atomically (written aside, then renamed). */
export async function produceChunks(opt: ProduceOptions): Promise<string[]> {
  const mix = opt.mix ?? DEFAULT_STREAM_MIX;
  const counts = partCounts(opt.chunk, mix);
  const size = opt.renderSize ?? 256;
  const log = opt.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  await mkdir(opt.out, { recursive: true });
  const written: string[] = [];
  for (let k = 0; k < opt.chunks; k++) {
    const file = chunkFile(opt.out, k);
    if (await exists(file)) continue;
    const t0 = performance.now();
    const work = path.join(opt.out, `.work-${k}`);
    await rm(work, { recursive: true, force: true });
    const parts: SewerMlDataset[] = [];
    const recipe: string[] = [];
    for (let p = 0; p < mix.length; p++) {
      if (counts[p] === 0) continue;
      const part = mix[p];
      const dir = path.join(work, part.name);
      const seed = partSeed(opt.seed, k, p);
      await writeDataset({ out: dir, count: counts[p], seed, width: size, height: size, normalFrac: part.normalFrac ?? 0.4, balance: 'balanced', emphasis: part.emphasis, format: 'jpg', renderScale: 0.5, lighting: part.lighting, zRange: part.zRange, labels: 'visible' });
      const ds = await loadSewerMlDataset(dir, { inputSize: opt.inputSize, normalize: true, normalization: opt.normalization, progress: null });
      parts.push({ ...ds, files: ds.files.map((f) => `${part.name}/${f}`) });
      const emphasis = part.emphasis ? `, ${Object.entries(part.emphasis).map(([c, w]) => `${c}×${w}`).join(' ')}` : '';
      recipe.push(`${counts[p]} ${part.name} (seed ${seed}${part.zRange ? `, z ${part.zRange.join('–')}` : ''}, ${part.lighting} lighting${part.normalFrac === undefined ? '' : `, ${part.normalFrac} normal`}${emphasis})`);
    }
    await writeDatasetCache(`${file}.partial`, concatDatasets(parts), `synth stream chunk ${k}: ${recipe.join(', ')}`, true);
    await rename(`${file}.partial`, file);
    await rm(work, { recursive: true, force: true });
    written.push(file);
    const s = (performance.now() - t0) / 1000;
    log(`[stream] ${path.basename(file)}: ${opt.chunk} stills in ${s.toFixed(0)} s (${(opt.chunk / s).toFixed(1)}/s)`);
  }
  return written;
}

/** Waits until chunk `k` exists (the producer renames it into place only when complete). */
export async function waitForChunk(dir: string, k: number, timeoutMs: number, pollMs = 2000): Promise<string> {
  const file = chunkFile(dir, k);
  const deadline = Date.now() + timeoutMs;
  let told = false;
  while (!(await exists(file))) {
    if (Date.now() > deadline) throw new Error(`${file} did not appear within ${Math.round(timeoutMs / 1000)} s — is \`sewer synth stream --out ${dir}\` running? (training so far is checkpointed: --resume continues)`);
    if (!told) {
      process.stderr.write(`[train] waiting for ${path.basename(file)} from the stream producer\n`);
      told = true;
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return file;
}
