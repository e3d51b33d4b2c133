/**
 * On-the-fly training augmentation of one packed-RGB24 image (already normalized and
 * resized to S×S by preprocessForModel) into float32 0..1 — the model's input contract.
 *
 * Geometric: horizontal flip (a sewer is left/right symmetric; never vertical: water
 * and deposits lie at the invert), zoom 1–1.15× and shifts ±5 % (bilinear, edge clamp).
 * Photometric: the cached images are ALREADY lighting-normalized, so big brightness /
 * shadow changes would teach the model light it never sees at inference; only mild
 * jitter is applied AFTER normalization (brightness ±0.06, contrast ×0.88–1.12,
 * gamma 0.88–1.14, a soft linear shadow ≤ 20 % on 30 % of images).
 * Camera: real inspection cameras are often monochrome or washed out and grainy (seen in
 * real-dev frames, unlike the renders), so 15 % of images lose 60–100 % of their colour
 * saturation and 25 % get zero-mean sensor grain (σ 0.01–0.035, deterministic per image).
 */
export type Rng = () => number;

/** mulberry32: small, fast, seedable; the same seed gives the same augmentation stream. */
export function makeRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface AugmentParams {
  flip: boolean;
  zoom: number;
  dx: number;
  dy: number;
  brightness: number;
  contrast: number;
  gamma: number;
  /** Shadow strength 0..1 and direction (radians) of its linear ramp. */
  shadow: number;
  shadowAngle: number;
  /** Fraction of colour saturation removed (0 = unchanged, 1 = grey). */
  desaturate: number;
  /** Standard deviation of additive grain in 0..1 units, and the seed of its noise field. */
  grain: number;
  grainSeed: number;
}

export const IDENTITY_AUGMENT: AugmentParams = { flip: false, zoom: 1, dx: 0, dy: 0, brightness: 0, contrast: 1, gamma: 1, shadow: 0, shadowAngle: 0, desaturate: 0, grain: 0, grainSeed: 0 };

export function drawAugment(rng: Rng, size: number): AugmentParams {
  const u = (lo: number, hi: number) => lo + (hi - lo) * rng();
  return {
    flip: rng() < 0.5,
    zoom: u(1, 1.15),
    dx: u(-0.05, 0.05) * size,
    dy: u(-0.05, 0.05) * size,
    brightness: u(-0.06, 0.06),
    contrast: u(0.88, 1.12),
    gamma: u(0.88, 1.14),
    shadow: rng() < 0.3 ? u(0.05, 0.2) : 0,
    shadowAngle: u(0, 2 * Math.PI),
    desaturate: rng() < 0.15 ? u(0.6, 1) : 0,
    grain: rng() < 0.25 ? u(0.01, 0.035) : 0,
    grainSeed: Math.floor(rng() * 0x7fffffff),
  };
}

/** Writes the augmented image into out[offset .. offset + S·S·3) as float32 in 0..1. */
export function augmentInto(src: Uint8Array, size: number, p: AugmentParams, out: Float32Array, offset: number): void {
  const S = size;
  const c = (S - 1) / 2;
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.pow(v / 255, p.gamma);
  const rgb = [0, 0, 0];
  const gauss = gaussianStream(makeRng(p.grainSeed));
  const cosA = Math.cos(p.shadowAngle);
  const sinA = Math.sin(p.shadowAngle);
  for (let y = 0; y < S; y++) {
    const sy = Math.min(S - 1, Math.max(0, (y - c) / p.zoom + c + p.dy));
    const y0 = Math.floor(sy);
    const y1 = Math.min(S - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < S; x++) {
      let sx = (x - c) / p.zoom + c + p.dx;
      if (p.flip) sx = S - 1 - sx;
      sx = Math.min(S - 1, Math.max(0, sx));
      const x0 = Math.floor(sx);
      const x1 = Math.min(S - 1, x0 + 1);
      const fx = sx - x0;
      // Shadow ramp: 0 on one side of the frame, p.shadow on the other.
      const ramp = ((x - c) * cosA + (y - c) * sinA) / S + 0.5;
      const shade = 1 - p.shadow * Math.min(1, Math.max(0, ramp));
      const o = offset + (y * S + x) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const a = lut[src[(y0 * S + x0) * 3 + ch]] * (1 - fx) + lut[src[(y0 * S + x1) * 3 + ch]] * fx;
        const b = lut[src[(y1 * S + x0) * 3 + ch]] * (1 - fx) + lut[src[(y1 * S + x1) * 3 + ch]] * fx;
        rgb[ch] = ((a * (1 - fy) + b * fy) * shade - 0.5) * p.contrast + 0.5 + p.brightness;
      }
      if (p.desaturate > 0) {
        const luma = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
        for (let ch = 0; ch < 3; ch++) rgb[ch] += (luma - rgb[ch]) * p.desaturate;
      }
      // Grain is mostly luminance (one draw for all channels) with a little chroma, like a sensor's.
      const g = p.grain > 0 ? p.grain * gauss() : 0;
      for (let ch = 0; ch < 3; ch++) {
        const v = rgb[ch] + (g !== 0 ? g + 0.25 * p.grain * gauss() : 0);
        out[o + ch] = v < 0 ? 0 : v > 1 ? 1 : v;
      }
    }
  }
}

/** Standard normal draws (Box–Muller) from a seeded stream. */
function gaussianStream(rng: Rng): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Plain conversion, no augmentation (validation / inference path), identical to imagesToTensor. */
export function toFloatInto(src: Uint8Array, out: Float32Array, offset: number): void {
  for (let i = 0; i < src.length; i++) out[offset + i] = src[i] / 255;
}
