import { describe, expect, it } from 'vitest';
import { loadOpenCv, wasmHeapBytes } from '../../lib/adapters/opencv';
import { createNormalizer, DEFAULT_NORMALIZATION } from '../../lib/adapters/opencv-normalizer';

/**
 * A pipe-like test frame: a textured wall under a lamp hot-spot that falls off towards
 * the corners (vignetting), optionally with a colour cast (sodium-ish orange by default).
 */
function pipeFrame(w: number, h: number, opts: { cast?: [number, number, number]; falloff?: number; contrast?: number; seed?: number } = {}): Uint8Array {
  const [cr, cg, cb] = opts.cast ?? [1.3, 1.0, 0.6];
  const falloff = opts.falloff ?? 0.9;
  const contrast = opts.contrast ?? 50;
  const img = new Uint8Array(w * h * 3);
  let s = opts.seed ?? 7;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const r = Math.hypot(x - w / 2, y - h / 2) / Math.hypot(w / 2, h / 2);
      const light = 1.15 - falloff * r * r;
      const tex = 120 + contrast * Math.sin(x / 5) * Math.sin(y / 6) + ((s >>> 24) - 128) * 0.1;
      const v = Math.max(0, tex * light);
      const p = (y * w + x) * 3;
      img[p] = Math.min(255, Math.round(v * cr));
      img[p + 1] = Math.min(255, Math.round(v * cg));
      img[p + 2] = Math.min(255, Math.round(v * cb));
    }
  }
  return img;
}

/** Mean luma (R+G+B)/3 inside an annulus of relative radius [r0, r1). */
function ringMean(img: Uint8Array, w: number, h: number, r0: number, r1: number): number {
  let sum = 0, n = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const r = Math.hypot(x - w / 2, y - h / 2) / Math.hypot(w / 2, h / 2);
      if (r < r0 || r >= r1) continue;
      const p = (y * w + x) * 3;
      sum += (img[p] + img[p + 1] + img[p + 2]) / 3;
      n++;
    }
  }
  return sum / n;
}

describe('createNormalizer', () => {
  it('shrinks a larger frame by area averaging first, byte-identical to lib/vision/resize', async () => {
    const { resizeRgbArea } = await import('../../lib/vision/resize');
    const [W, H, w, h] = [640, 360, 256, 144]; // the pipeline's 2.5x case
    const big = pipeFrame(W, H, { seed: 5 });
    const norm = await createNormalizer(w, h);
    const direct = norm.normalize(big, { width: W, height: H });
    const viaJs = norm.normalize(resizeRgbArea(big, W, H, w, h));
    expect(Buffer.compare(Buffer.from(direct.rgb), Buffer.from(viaJs.rgb))).toBe(0);
    expect(direct.before).toEqual(viaJs.before);
    expect(() => norm.normalize(pipeFrame(100, 80), { width: 100, height: 80 })).toThrow(/shrinks frames/);
    norm.dispose();
  });

  it('reports input statistics exactly and returns a fresh buffer of the same size', async () => {
    const [w, h] = [96, 64];
    const img = pipeFrame(w, h);
    const norm = await createNormalizer(w, h);
    try {
      const r1 = norm.normalize(img);
      let sr = 0, sg = 0, sb = 0;
      for (let i = 0; i < img.length; i += 3) {
        sr += img[i];
        sg += img[i + 1];
        sb += img[i + 2];
      }
      const n = w * h;
      expect(r1.before.meanR).toBeCloseTo(sr / n, 6);
      expect(r1.before.meanG).toBeCloseTo(sg / n, 6);
      expect(r1.before.meanB).toBeCloseTo(sb / n, 6);
      expect(r1.before.meanLuma).toBeCloseTo((0.299 * sr + 0.587 * sg + 0.114 * sb) / n, 0);
      expect(r1.rgb).toHaveLength(img.length);
      const copy = r1.rgb.slice();
      const r2 = norm.normalize(pipeFrame(w, h, { seed: 99, cast: [0.7, 1, 1.2] }));
      expect(r1.rgb).toEqual(copy); // not a view that the next frame overwrites
      expect(r2.rgb).not.toEqual(copy);
      expect(norm.normalize(img).rgb).toEqual(copy); // deterministic
    } finally {
      norm.dispose();
    }
    expect(() => norm.normalize(img)).toThrow(/dispose/);
    const other = await createNormalizer(w, h);
    expect(() => other.normalize(new Uint8Array(10))).toThrow(RangeError);
    other.dispose();
    await expect(createNormalizer(0, 10)).rejects.toThrow(RangeError);
  });

  it('removes a colour cast (gray world) only when enabled', async () => {
    const [w, h] = [160, 120];
    const img = pipeFrame(w, h, { cast: [1.35, 1.0, 0.55] });
    const on = await createNormalizer(w, h);
    const off = await createNormalizer(w, h, { ...DEFAULT_NORMALIZATION, grayWorld: false });
    try {
      const a = on.normalize(img);
      expect(a.before.meanR - a.before.meanB).toBeGreaterThan(40);
      expect(Math.abs(a.after.meanR - a.after.meanG)).toBeLessThan(4);
      expect(Math.abs(a.after.meanB - a.after.meanG)).toBeLessThan(4);
      const b = off.normalize(img);
      expect(b.after.meanR - b.after.meanB).toBeGreaterThan(30);
    } finally {
      on.dispose();
      off.dispose();
    }
  });

  it('flattens lamp hot-spot and vignetting', async () => {
    const [w, h] = [320, 240];
    const img = pipeFrame(w, h, { cast: [1, 1, 1], falloff: 0.95 });
    const centre = (x: Uint8Array) => ringMean(x, w, h, 0, 0.25);
    const edge = (x: Uint8Array) => ringMean(x, w, h, 0.75, 1);
    const flatOnly = await createNormalizer(w, h, { claheClip: 0, claheTile: 8, illumSigmaFrac: 0.12, grayWorld: false });
    const none = await createNormalizer(w, h, { claheClip: 0, claheTile: 8, illumSigmaFrac: 0, grayWorld: false });
    const full = await createNormalizer(w, h);
    try {
      const ratioIn = centre(img) / edge(img);
      expect(ratioIn).toBeGreaterThan(2);
      console.log('centre/edge ratio in', ratioIn.toFixed(2));
      // With every step off the frame only goes through Lab and back.
      const id = none.normalize(img).rgb;
      expect(Math.abs(centre(id) / edge(id) - ratioIn)).toBeLessThan(0.1);
      // The shading is estimated with a wide Gaussian (sigma 0.12·width), so the steep corner
      // fall-off is only partly captured: require at least 60 % of the excess brightness removed.
      const allowed = 1 + 0.4 * (ratioIn - 1);
      const flat = flatOnly.normalize(img).rgb;
      expect(centre(flat) / edge(flat)).toBeLessThan(allowed);
      const f = full.normalize(img).rgb;
      expect(centre(f) / edge(f)).toBeLessThan(allowed);
      console.log('flattened', (centre(flat) / edge(flat)).toFixed(2), 'full', (centre(f) / edge(f)).toFixed(2));
    } finally {
      flatOnly.dispose();
      none.dispose();
      full.dispose();
    }
  });

  it('raises local contrast with CLAHE on a washed-out frame', async () => {
    const [w, h] = [160, 120];
    const img = pipeFrame(w, h, { cast: [1, 1, 1], falloff: 0, contrast: 8 });
    const clahe = await createNormalizer(w, h, { ...DEFAULT_NORMALIZATION, grayWorld: false, illumSigmaFrac: 0 });
    try {
      const r = clahe.normalize(img);
      expect(r.after.stdLuma).toBeGreaterThan(r.before.stdLuma * 1.5);
    } finally {
      clahe.dispose();
    }
  });

  it('keeps wasm heap and RSS flat over 2000 frames (Mats reused, none leaked)', async () => {
    const { cv } = await loadOpenCv();
    const [w, h] = [160, 120];
    const frames = [pipeFrame(w, h, { seed: 1 }), pipeFrame(w, h, { seed: 2, cast: [0.8, 1, 1.3] })];
    const norm = await createNormalizer(w, h);
    try {
      for (let i = 0; i < 20; i++) norm.normalize(frames[i % 2]); // warm-up
      const heap0 = wasmHeapBytes(cv);
      const rss0 = process.memoryUsage().rss;
      for (let i = 0; i < 2000; i++) norm.normalize(frames[i % 2]);
      // One leaked Mat per frame would add 2000·57 kB = 115 MB here.
      expect(wasmHeapBytes(cv) - heap0).toBe(0);
      expect(process.memoryUsage().rss - rss0).toBeLessThan(40 * 1024 * 1024);
    } finally {
      norm.dispose();
    }
  });

  it('normalizes a 640x480 frame in reasonable time', async () => {
    const [w, h] = [640, 480];
    const img = pipeFrame(w, h);
    const norm = await createNormalizer(w, h);
    try {
      norm.normalize(img);
      const t0 = performance.now();
      const n = 20;
      for (let i = 0; i < n; i++) norm.normalize(img);
      const ms = (performance.now() - t0) / n;
      console.log(`normalize 640x480: ${ms.toFixed(1)} ms/frame`);
      expect(ms).toBeLessThan(250); // ~25–40 ms measured on a shared 2-core machine
    } finally {
      norm.dispose();
    }
  });
});
