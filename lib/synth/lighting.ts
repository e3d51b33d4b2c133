import { hash32, type Rng } from './prng';

/**
 * Camera lamp + sensor model. Randomised hard on purpose: the product must
 * normalise exposure, uneven illumination, deep shadows, flare and colour casts,
 * and the classifier has to see all of them in training.
 */
export interface Lighting {
  exposure: number; // global gain (under/over exposure)
  falloff: number; // exponent on lamp distance: bright near field, dark far field
  ambient: number;
  spec: number; // strength of wet-wall highlights
  unevenAmp: number; // lamp aimed off-axis: brightness gradient across the frame
  unevenAngle: number;
  shadowAmp: number; // deep hard shadow wedge (crawler body / cable / lamp housing)
  shadowAngle: number;
  shadowWidth: number;
  vignette: number;
  flare: { x: number; y: number; r: number; strength: number } | null;
  cast: [number, number, number]; // white-balance gains
  gamma: number;
  noise: number; // sensor noise sigma (0..1 scale)
  blur: number; // motion blur length, pixels
  haze: number; // veiling glare from steam/fog: lifts the dark far field
}

export function sampleLighting(rng: Rng): Lighting {
  const castKind = rng.weighted(['neutral', 'warm', 'yellow', 'cool', 'green', 'blue-grey'], [0.35, 0.25, 0.12, 0.1, 0.08, 0.1]);
  const castBase: Record<string, [number, number, number]> = {
    neutral: [1, 1, 1],
    warm: [1.12, 0.98, 0.82],
    yellow: [1.1, 1.05, 0.7],
    cool: [0.88, 0.98, 1.15],
    green: [0.9, 1.1, 0.88],
    'blue-grey': [0.85, 0.95, 1.12],
  };
  const c = castBase[castKind];
  return {
    exposure: Math.exp(rng.range(Math.log(0.5), Math.log(2.4))),
    falloff: rng.range(1.3, 2.3),
    ambient: rng.range(0, 0.025),
    spec: rng.range(0, 0.8),
    unevenAmp: rng.chance(0.6) ? rng.range(0.1, 0.7) : 0,
    unevenAngle: rng.range(-Math.PI, Math.PI),
    shadowAmp: rng.chance(0.3) ? rng.range(0.3, 0.9) : 0,
    shadowAngle: rng.range(-Math.PI, Math.PI),
    shadowWidth: rng.range(0.2, 0.8),
    vignette: rng.range(0, 0.8),
    flare: rng.chance(0.15) ? { x: rng.range(0, 1), y: rng.range(0, 1), r: rng.range(0.1, 0.4), strength: rng.range(0.2, 0.9) } : null,
    cast: [c[0] * rng.range(0.93, 1.07), c[1] * rng.range(0.93, 1.07), c[2] * rng.range(0.93, 1.07)],
    gamma: rng.range(0.8, 1.25),
    noise: rng.chance(0.7) ? rng.range(0.002, 0.012) : 0,
    blur: rng.chance(0.25) ? rng.range(1, 4) : 0,
    haze: rng.chance(0.25) ? rng.range(0.02, 0.12) : 0,
  };
}

/** Screen-space light factor per pixel: uneven lamp aim × shadow wedge × vignette. */
export function screenLightMask(l: Lighting, w: number, h: number, m = new Float32Array(w * h)): Float32Array {
  const ux = Math.cos(l.unevenAngle);
  const uy = Math.sin(l.unevenAngle);
  for (let y = 0; y < h; y++) {
    const ny = (y + 0.5) / h - 0.5;
    for (let x = 0; x < w; x++) {
      const nx = (x + 0.5) / w - 0.5;
      const r2 = nx * nx + ny * ny;
      let f = 1 + l.unevenAmp * 1.6 * (nx * ux + ny * uy);
      if (l.shadowAmp > 0) {
        let d = Math.atan2(ny, nx) - l.shadowAngle;
        d = Math.abs(((d + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
        const edge = Math.min(1, Math.max(0, (l.shadowWidth - d) * 12));
        f *= 1 - l.shadowAmp * edge * Math.min(1, r2 * 8);
      }
      f *= 1 - l.vignette * r2 * 1.6;
      m[y * w + x] = f > 0.02 ? f : 0.02;
    }
  }
  return m;
}

/** Sensor: flare, haze, colour cast, tone curve, noise, motion blur → packed RGB24. */
export function developImage(lin: Float32Array, w: number, h: number, l: Lighting, seed: number): Uint8Array {
  if (l.blur >= 1) motionBlur(lin, w, h, Math.round(l.blur));
  const out = new Uint8Array(w * h * 3);
  const invG = 1 / l.gamma;
  const lut = new Uint8Array(4097);
  for (let i = 0; i <= 4096; i++) {
    const v = i / 1024; // linear 0..4
    const t = 1 - Math.exp(-v * 1.6); // soft shoulder instead of hard clipping
    lut[i] = Math.round(255 * Math.pow(t, invG));
  }
  const fl = l.flare;
  let st = hash32(seed, 77) | 1;
  for (let y = 0, i = 0; y < h; y++) {
    for (let x = 0; x < w; x++, i++) {
      let add = l.haze;
      if (fl) {
        const dx = (x + 0.5) / w - fl.x;
        const dy = (y + 0.5) / h - fl.y;
        add += fl.strength * Math.exp(-(dx * dx + dy * dy) / (fl.r * fl.r));
      }
      let n = 0;
      if (l.noise > 0) {
        // xorshift32 stream: cheap, deterministic per seed; sum of two uniforms ≈ gaussian-ish
        st ^= st << 13;
        st ^= st >>> 17;
        st ^= st << 5;
        const u1 = (st >>> 0) / 4294967296;
        st ^= st << 13;
        st ^= st >>> 17;
        st ^= st << 5;
        n = (u1 + (st >>> 0) / 4294967296 - 1) * 2.45 * l.noise;
      }
      for (let c = 0; c < 3; c++) {
        const v = (lin[i * 3 + c] + add) * l.cast[c] + n;
        const k = v <= 0 ? 0 : v >= 4 ? 4096 : (v * 1024) | 0;
        out[i * 3 + c] = lut[k];
      }
    }
  }
  return out;
}

function motionBlur(buf: Float32Array, w: number, h: number, len: number): void {
  const row = new Float32Array(w * 3);
  for (let y = 0; y < h; y++) {
    const o = y * w * 3;
    row.set(buf.subarray(o, o + w * 3));
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let s = 0;
        let n = 0;
        for (let k = -len; k <= len; k++) {
          const xx = x + k;
          if (xx < 0 || xx >= w) continue;
          s += row[xx * 3 + c];
          n++;
        }
        buf[o + x * 3 + c] = s / n;
      }
  }
}

/**
 * The robustness test's lighting: the same scene under a much harsher camera — heavy under- or
 * over-exposure, a lamp aimed well off-axis, a deep shadow wedge, strong vignetting, a saturated
 * colour cast and a gamma shift. Drawn from its own random stream, so scenes and labels stay identical.
 */
export function strongLighting(base: Lighting, rng: Rng): Lighting {
  const casts: [number, number, number][] = [[1.3, 0.95, 0.65], [1.2, 1.1, 0.55], [0.75, 0.95, 1.35], [0.8, 1.25, 0.8]];
  const c = rng.pick(casts);
  return {
    ...base,
    exposure: base.exposure * (rng.chance(0.5) ? rng.range(0.3, 0.5) : rng.range(2, 3)),
    unevenAmp: rng.range(0.6, 0.9),
    unevenAngle: rng.range(-Math.PI, Math.PI),
    shadowAmp: rng.range(0.6, 0.9),
    shadowAngle: rng.range(-Math.PI, Math.PI),
    shadowWidth: rng.range(0.3, 0.8),
    vignette: rng.range(0.5, 0.9),
    cast: c,
    gamma: rng.chance(0.5) ? rng.range(0.7, 0.8) : rng.range(1.25, 1.4),
  };
}
