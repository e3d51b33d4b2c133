import { createRng, hash32 } from './prng';

/**
 * Tileable fractal value-noise textures in wall coordinates (u = angle around the
 * pipe, v = distance along it). Built once per process from fixed seeds (so output
 * stays deterministic) and mip-mapped, because far wall pixels cover many texels
 * and unfiltered sampling there sparkles.
 */
export const TEX_SIZE = 256;

export interface MipTexture {
  levels: Float32Array[]; // level k has size TEX_SIZE >> k, values ~[0,1]
}

function valueNoiseLayer(seed: number, size: number, cells: number, cellsV = cells): Float32Array {
  const grid = new Float32Array(cells * cellsV);
  for (let i = 0; i < grid.length; i++) grid[i] = hash32(seed, i) / 4294967296;
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const gy = (y / size) * cellsV;
    const y0 = Math.floor(gy);
    const ty = gy - y0;
    const sy = ty * ty * (3 - 2 * ty);
    const r0 = (y0 % cellsV) * cells;
    const r1 = ((y0 + 1) % cellsV) * cells;
    for (let x = 0; x < size; x++) {
      const gx = (x / size) * cells;
      const x0 = Math.floor(gx);
      const tx = gx - x0;
      const sx = tx * tx * (3 - 2 * tx);
      const x1 = (x0 + 1) % cells;
      const a = grid[r0 + x0] * (1 - sx) + grid[r0 + x1] * sx;
      const b = grid[r1 + x0] * (1 - sx) + grid[r1 + x1] * sx;
      out[y * size + x] = a * (1 - sy) + b * sy;
    }
  }
  return out;
}

function fractal(seed: number, baseCells: number, octaves: number, gain: number, vRatio = 1): Float32Array {
  const out = new Float32Array(TEX_SIZE * TEX_SIZE);
  let amp = 1;
  let norm = 0;
  for (let o = 0; o < octaves; o++) {
    const cells = Math.min(TEX_SIZE, baseCells << o);
    const layer = valueNoiseLayer(hash32(seed, o), TEX_SIZE, cells, Math.max(1, Math.round(cells * vRatio)));
    for (let i = 0; i < out.length; i++) out[i] += layer[i] * amp;
    norm += amp;
    amp *= gain;
  }
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}

function downsample(src: Float32Array, size: number): Float32Array {
  const h = size >> 1;
  const out = new Float32Array(h * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < h; x++) {
      const i = 2 * y * size + 2 * x;
      out[y * h + x] = (src[i] + src[i + 1] + src[i + size] + src[i + size + 1]) * 0.25;
    }
  return out;
}

function mip(base: Float32Array): MipTexture {
  const levels = [base];
  let size = TEX_SIZE;
  while (size > 16) {
    levels.push(downsample(levels[levels.length - 1], size));
    size >>= 1;
  }
  return { levels };
}

/**
 * Hot-path variant of sampleTex: inputs u, v, footprint in TEX_IO[0..2], result in TEX_IO[3].
 * Passing doubles to (or returning them from) a call V8 does not inline boxes each one as a heap
 * number; at 4–6 lookups per pixel that allocation, not the arithmetic, dominated render time.
 */
export const TEX_IO = new Float64Array(4);
export function texIO(t: MipTexture): void {
  TEX_IO[3] = sampleTex(t, TEX_IO[0], TEX_IO[1], TEX_IO[2]);
}

/** Sample with wrap-around; u, v in texture periods (1 = one tile); footprint in tiles per pixel. */
export function sampleTex(t: MipTexture, u: number, v: number, footprint: number): number {
  let level = 0;
  let fp = footprint * TEX_SIZE;
  while (fp > 1.5 && level < t.levels.length - 1) {
    fp *= 0.5;
    level++;
  }
  const size = TEX_SIZE >> level;
  const data = t.levels[level];
  const fu = (u - Math.floor(u)) * size;
  const fv = (v - Math.floor(v)) * size;
  const x0 = fu | 0;
  const y0 = fv | 0;
  const tx = fu - x0;
  const ty = fv - y0;
  const x1 = x0 + 1 === size ? 0 : x0 + 1;
  const y1 = y0 + 1 === size ? 0 : y0 + 1;
  const a = data[y0 * size + x0] * (1 - tx) + data[y0 * size + x1] * tx;
  const b = data[y1 * size + x0] * (1 - tx) + data[y1 * size + x1] * tx;
  return a * (1 - ty) + b * ty;
}

export interface TextureBank {
  fine: MipTexture;
  coarse: MipTexture;
  grain: MipTexture;
  streak: MipTexture;
  rings: MipTexture;
}
let cache: TextureBank | null = null;

/** Shared texture bank: fine grain, coarse stains, high-frequency grain and streaks along the pipe. */
export function textureBank(): TextureBank {
  if (cache) return cache;
  const rng = createRng(20240611);
  const fine = mip(fractal(rng.int(0, 1e9), 8, 5, 0.55));
  const coarse = mip(fractal(rng.int(0, 1e9), 3, 4, 0.6));
  const grain = mip(fractal(rng.int(0, 1e9), 64, 3, 0.7));
  // Streaks: noise stretched along v (longitudinal stains left by flow).
  const streak = mip(fractal(rng.int(0, 1e9), 16, 4, 0.6, 0.125));
  // Rings: noise stretched around the circumference (formwork marks, spiral windings, socket bands).
  const rings = mip(fractal(rng.int(0, 1e9), 2, 4, 0.6, 12));
  cache = { fine, coarse, grain, streak, rings };
  return cache;
}
