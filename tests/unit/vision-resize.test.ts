import { describe, expect, it } from 'vitest';
import { loadOpenCv } from '../../lib/adapters/opencv';
import { resizeRgbArea } from '../../lib/vision/resize';

/** Deterministic pseudo-random image (LCG) with some smooth structure. */
function image(w: number, h: number, seed = 1): Uint8Array {
  const a = new Uint8Array(w * h * 3);
  let s = seed >>> 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const smooth = 128 + 100 * Math.sin((x * (c + 1)) / 17 + y / 11);
        a[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(smooth + ((s >>> 24) - 128) * 0.3)));
      }
    }
  }
  return a;
}

/** Reference: 2-D coverage integral in double precision, pixel by pixel. */
function reference(src: Uint8Array, sw: number, sh: number, dw: number, dh: number): Float64Array {
  const out = new Float64Array(dw * dh * 3);
  const sx = sw / dw;
  const sy = sh / dh;
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const x0 = x * sx, x1 = (x + 1) * sx, y0 = y * sy, y1 = (y + 1) * sy;
      const acc = [0, 0, 0];
      let area = 0;
      for (let j = Math.floor(y0); j < Math.ceil(y1); j++) {
        const cy = Math.min(y1, j + 1) - Math.max(y0, j);
        for (let i = Math.floor(x0); i < Math.ceil(x1); i++) {
          const cx = Math.min(x1, i + 1) - Math.max(x0, i);
          const wgt = cx * cy;
          area += wgt;
          for (let c = 0; c < 3; c++) acc[c] += src[(j * sw + i) * 3 + c] * wgt;
        }
      }
      for (let c = 0; c < 3; c++) out[(y * dw + x) * 3 + c] = acc[c] / area;
    }
  }
  return out;
}

describe('resizeRgbArea', () => {
  it('matches an exact coverage integral within rounding, for many scale factors', () => {
    const cases: [number, number, number, number][] = [
      [64, 48, 32, 24], [64, 48, 13, 7], [100, 75, 96, 96], [37, 29, 64, 50], [640, 480, 128, 128], [5, 3, 1, 1],
    ];
    for (const [sw, sh, dw, dh] of cases) {
      const src = image(sw, sh, sw * 7 + dh);
      const got = resizeRgbArea(src, sw, sh, dw, dh);
      const ref = reference(src, sw, sh, dw, dh);
      expect(got).toHaveLength(dw * dh * 3);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]));
      expect(worst, `${sw}x${sh}→${dw}x${dh}`).toBeLessThanOrEqual(0.5 + 1e-3);
    }
  });

  it('averages exact 2x2 blocks and keeps flat images flat', () => {
    const src = Uint8Array.from([10, 20, 30, 20, 30, 40, 30, 40, 50, 40, 51, 62]); // 2x2
    // means 25, 35.25, 45.5: rounded half-up
    expect(Array.from(resizeRgbArea(src, 2, 2, 1, 1))).toEqual([25, 35, 46]);
    const flat = new Uint8Array(33 * 21 * 3).fill(173);
    expect(resizeRgbArea(flat, 33, 21, 8, 5).every((v) => v === 173)).toBe(true);
    expect(resizeRgbArea(flat, 33, 21, 50, 40).every((v) => v === 173)).toBe(true);
  });

  it('agrees with OpenCV INTER_AREA when shrinking', async () => {
    const { cv } = await loadOpenCv();
    const [sw, sh, dw, dh] = [320, 240, 96, 96];
    const src = image(sw, sh, 5);
    const m = new cv.Mat(sh, sw, cv.CV_8UC3);
    const d = new cv.Mat();
    try {
      m.data.set(src);
      cv.resize(m, d, new cv.Size(dw, dh), 0, 0, cv.INTER_AREA);
      const ours = resizeRgbArea(src, sw, sh, dw, dh);
      let worst = 0;
      for (let i = 0; i < ours.length; i++) worst = Math.max(worst, Math.abs(ours[i] - d.data[i]));
      expect(worst).toBeLessThanOrEqual(1);
    } finally {
      m.delete();
      d.delete();
    }
  });

  it('gives the same pixels whatever was resized before (cached weights, reused scratch rows)', () => {
    const a = image(200, 150, 3);
    const first = resizeRgbArea(a, 200, 150, 30, 20);
    // A bigger job (grows the scratch), one past the scratch bound (own buffer), a smaller one,
    // and the same axes on other pixels: none may leak into the next result.
    const wide = image(1100, 700, 4);
    const wideOut = resizeRgbArea(wide, 1100, 700, 600, 20);
    resizeRgbArea(image(50, 40, 5), 50, 40, 7, 3);
    resizeRgbArea(image(200, 150, 6), 200, 150, 30, 20);
    expect(resizeRgbArea(a, 200, 150, 30, 20)).toEqual(first);
    const ref = reference(wide, 1100, 700, 600, 20);
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(wideOut[i] - ref[i]));
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-3);
  });

  it('returns a copy for identity, validates sizes, and is fast enough for training', () => {
    const src = image(16, 8);
    const same = resizeRgbArea(src, 16, 8, 16, 8);
    expect(same).toEqual(src);
    expect(same).not.toBe(src);
    expect(() => resizeRgbArea(src, 16, 9, 4, 4)).toThrow(RangeError);
    expect(() => resizeRgbArea(src, 16, 8, 0, 4)).toThrow(RangeError);
    const big = image(640, 480);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) resizeRgbArea(big, 640, 480, 128, 128);
    const ms = (performance.now() - t0) / 5;
    expect(ms).toBeLessThan(60); // ~5–10 ms measured; generous for a loaded 2-core machine
  });
});
