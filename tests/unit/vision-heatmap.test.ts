import { describe, expect, it } from 'vitest';
import { heatmapBox, heatmapOverlay, jet, upsampleBilinear, type Heatmap } from '../../lib/vision/heatmap';

function map(w: number, h: number, hot: [number, number, number][]): Heatmap {
  const data = new Float32Array(w * h);
  for (const [x, y, v] of hot) data[y * w + x] = v;
  return { width: w, height: h, data };
}

describe('jet', () => {
  it('runs dark blue → green → dark red and clamps', () => {
    expect(jet(0)).toEqual([0, 0, 128]);
    expect(jet(0.5)).toEqual([128, 255, 128]);
    expect(jet(1)).toEqual([128, 0, 0]);
    expect(jet(-3)).toEqual(jet(0));
    expect(jet(7)).toEqual(jet(1));
    expect(jet(0.8)[0]).toBe(255);
  });
});

describe('upsampleBilinear', () => {
  it('interpolates between cell centres and clamps at borders', () => {
    expect(Array.from(upsampleBilinear({ width: 2, height: 1, data: Float32Array.from([0, 1]) }, 4, 1))).toEqual([0, 0.25, 0.75, 1]);
    const flat = upsampleBilinear({ width: 3, height: 2, data: new Float32Array(6).fill(0.4) }, 17, 9);
    expect(flat.every((v) => Math.abs(v - 0.4) < 1e-6)).toBe(true);
    expect(Array.from(upsampleBilinear({ width: 1, height: 1, data: Float32Array.from([0.7]) }, 2, 2))).toEqual([0.7, 0.7, 0.7, 0.7].map(Math.fround));
    expect(() => upsampleBilinear({ width: 2, height: 2, data: new Float32Array(3) }, 4, 4)).toThrow(RangeError);
  });
});

/** The per-pixel formula, written out with no precomputation (the reference for the fast path). */
function naiveUpsample(src: Heatmap, dw: number, dh: number): Float32Array {
  const { width: sw, height: sh, data } = src;
  const out = new Float32Array(dw * dh);
  for (let y = 0; y < dh; y++) {
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * (sw / dw) - 0.5));
      const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * (sh / dh) - 0.5));
      const x0 = Math.floor(fx), y0 = Math.floor(fy);
      const x1 = Math.min(sw - 1, x0 + 1), y1 = Math.min(sh - 1, y0 + 1);
      const wx = fx - x0, wy = fy - y0;
      const top = data[y0 * sw + x0] * (1 - wx) + data[y0 * sw + x1] * wx;
      const bot = data[y1 * sw + x0] * (1 - wx) + data[y1 * sw + x1] * wx;
      out[y * dw + x] = top * (1 - wy) + bot * wy;
    }
  }
  return out;
}

describe('upsampleBilinear fast path', () => {
  it('is bit-identical to the per-pixel formula for odd sizes, enlarging and shrinking', () => {
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    for (const [sw, sh, dw, dh] of [[3, 3, 640, 360], [7, 5, 33, 17], [12, 12, 5, 9], [1, 4, 9, 2], [6, 6, 96, 96]]) {
      const cam = { width: sw, height: sh, data: Float32Array.from({ length: sw * sh }, () => rnd()) };
      expect(upsampleBilinear(cam, dw, dh)).toEqual(naiveUpsample(cam, dw, dh));
    }
  });

  it('overlay: every pixel is the colormap entry of its rounded heat; NaN heat stays transparent black', () => {
    const cam = { width: 3, height: 2, data: Float32Array.from([0, 0.3, 1, 0.55, NaN, 0.9]) };
    const rgba = heatmapOverlay(cam, 3, 2, { maxAlpha: 0.6, floor: 0.2 });
    const up = naiveUpsample(cam, 3, 2);
    for (let i = 0; i < 6; i++) {
      const px = Array.from(rgba.subarray(i * 4, i * 4 + 4));
      if (Number.isNaN(up[i])) {
        expect(px).toEqual([0, 0, 0, 0]);
        continue;
      }
      const v = Math.round(Math.min(1, Math.max(0, up[i])) * 255) / 255;
      const a = v <= 0.2 ? 0 : Math.round(255 * 0.6 * ((v - 0.2) / 0.8));
      expect(px).toEqual([...jet(v), a]);
    }
  });
});

describe('heatmapBox', () => {
  it('boxes the largest hot region in frame pixels, ignoring a smaller one', () => {
    // 8x6 grid on a 640x480 frame: cells are 80 px. Blob over cells x 5–6, y 1–2; a lone warm cell at (1,4).
    const cam = map(8, 6, [[5, 1, 1], [6, 1, 0.9], [5, 2, 0.95], [6, 2, 0.85], [1, 4, 0.8]]);
    const box = heatmapBox(cam, 640, 480)!;
    expect(box).not.toBeNull();
    // Blob centre (480, 160) inside; the lone cell's centre (120, 360) outside.
    expect(box.x).toBeLessThanOrEqual(480);
    expect(box.x + box.width).toBeGreaterThanOrEqual(480);
    expect(box.y).toBeLessThanOrEqual(160);
    expect(box.y + box.height).toBeGreaterThanOrEqual(160);
    expect(box.x).toBeGreaterThan(360);
    expect(box.x + box.width).toBeLessThanOrEqual(600);
    expect(box.y).toBeGreaterThanOrEqual(40);
    expect(box.y + box.height).toBeLessThanOrEqual(280);
    expect(box.peak).toBeCloseTo(1, 2);
    expect(box.area).toBeGreaterThan(0.02);
    expect(box.area).toBeLessThan(0.2);
  });

  it('uses a threshold relative to the maximum and returns null for an empty map', () => {
    expect(heatmapBox(map(4, 4, []), 100, 100)).toBeNull();
    // Same shape at a tenth of the heat → same box.
    const a = heatmapBox(map(4, 4, [[1, 1, 1], [2, 1, 1]]), 100, 100)!;
    const b = heatmapBox(map(4, 4, [[1, 1, 0.1], [2, 1, 0.1]]), 100, 100)!;
    expect({ ...b, peak: 0 }).toEqual({ ...a, peak: 0 });
    // Whole map hot → whole frame.
    const all = heatmapBox({ width: 3, height: 3, data: new Float32Array(9).fill(0.5) }, 90, 60)!;
    expect(all).toMatchObject({ x: 0, y: 0, width: 90, height: 60, area: 1 });
  });
});

describe('heatmapOverlay', () => {
  it('is RGBA at frame size, transparent where cold and red and most opaque where hot', () => {
    const cam = map(4, 4, [[3, 0, 1]]);
    const rgba = heatmapOverlay(cam, 40, 40, { maxAlpha: 0.5, floor: 0.2 });
    expect(rgba).toHaveLength(40 * 40 * 4);
    const px = (x: number, y: number) => Array.from(rgba.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 4));
    expect(px(0, 39)[3]).toBe(0);
    const hot = px(39, 0);
    expect(hot[3]).toBe(128);
    expect(hot[0]).toBeGreaterThan(100);
    expect(hot[2]).toBe(0);
    let maxA = 0;
    for (let i = 3; i < rgba.length; i += 4) maxA = Math.max(maxA, rgba[i]);
    expect(maxA).toBe(128);
  });
});
