import { describe, expect, it } from 'vitest';
import { renderFrame } from '../../lib/synth/frame';
import { changedPixels, downsampleRgb, VISIBLE_MIN_PIXELS } from '../../lib/synth/visibility';

describe('grid comparison', () => {
  it('area-averages each channel onto the grid', () => {
    // 4×2 image → 2×2 grid: each grid pixel averages two horizontal neighbours
    const rgb = Uint8Array.from([0, 10, 20, 2, 12, 22, 100, 0, 0, 100, 0, 0, 4, 14, 24, 6, 16, 26, 90, 0, 0, 110, 0, 0]);
    expect(Array.from(downsampleRgb(rgb, 4, 2, 2))).toEqual([1, 11, 21, 100, 0, 0, 5, 15, 25, 100, 0, 0]);
  });

  it('counts grid pixels where any channel moves by at least delta', () => {
    const a = Float32Array.from([0, 0, 0, 50, 50, 50, 9, 9, 9]);
    const b = Float32Array.from([0, 0, 15, 50, 70, 50, 9, 9, 9]);
    expect(changedPixels(a, b, 16)).toBe(1);
    expect(changedPixels(a, b, 15)).toBe(2);
  });
});

describe('visible-only labels', () => {
  const frames = (codes: ('RB' | 'FO')[], zRange: [number, number], labels?: 'placed') =>
    Array.from({ length: 8 }, (_, i) => renderFrame(5, i, { width: 128, height: 128, codes, zRange, labels }));

  it('labels exactly the placed defects whose footprint reaches the minimum', () => {
    for (const f of frames(['RB', 'FO'], [0.75, 3])) {
      expect(f.footprints).toHaveLength(2);
      expect(f.codes).toEqual(f.scene.defects.filter((_, k) => f.footprints[k] >= VISIBLE_MIN_PIXELS).map((d) => d.code));
    }
  });

  it('drops a hairline crack six radii away and keeps an obstacle one radius ahead', () => {
    const far = frames(['RB'], [5.5, 6]);
    expect(far.filter((f) => f.codes.length === 0).length).toBeGreaterThanOrEqual(7);
    expect(far.every((f) => f.scene.defects.length === 1)).toBe(true); // still rendered, just not labelled
    expect(frames(['FO'], [0.8, 1]).every((f) => f.codes[0] === 'FO' && f.footprints[0] > 100)).toBe(true);
  });

  it("renders the same pixels either way; 'placed' labels every defect and measures nothing", () => {
    const [v] = frames(['RB'], [5.5, 6]);
    const [p] = frames(['RB'], [5.5, 6], 'placed');
    expect(Buffer.from(p.rgb).equals(Buffer.from(v.rgb))).toBe(true);
    expect(p.codes).toEqual(['RB']);
    expect(p.footprints).toEqual([]);
  });
});
