/**
 * Seeded PRNG (mulberry32) — every random choice in lib/synth goes through one of
 * these so that a seed fully determines the output bytes. Never use Math.random here.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  range(lo: number, hi: number): number;
  int(lo: number, hiInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** pick by non-negative weights (same length as items) */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** standard normal (Box–Muller) */
  normal(): number;
  /** independent child stream, so adding a draw in one place does not shift another */
  fork(salt: number): Rng;
}

export function hash32(a: number, b = 0): number {
  let h = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca77)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export function createRng(seed: number): Rng {
  let s = hash32(seed, 0x5eed) >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    range: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (items, weights) => {
      let total = 0;
      for (const w of weights) total += w;
      let x = next() * total;
      for (let i = 0; i < items.length; i++) {
        x -= weights[i];
        if (x < 0) return items[i];
      }
      return items[items.length - 1];
    },
    normal: () => {
      const u = Math.max(next(), 1e-12);
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    fork: (salt) => createRng(hash32(Math.floor(next() * 4294967296), salt)),
  };
  return rng;
}

/** Deterministic 1-D smooth noise track (values in [-1, 1]) sampled with linear interpolation. */
export function noiseTrack(rng: Rng, n = 64): (x: number) => number {
  const v = new Float32Array(n + 1);
  for (let i = 0; i <= n; i++) v[i] = rng.range(-1, 1);
  return (x: number) => {
    const f = (((x % 1) + 1) % 1) * n;
    const i = Math.floor(f);
    const t = f - i;
    const s = t * t * (3 - 2 * t);
    return v[i] * (1 - s) + v[i + 1] * s;
  };
}
