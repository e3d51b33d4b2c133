import { describe, expect, it } from 'vitest';
import { illuminationGain } from '../../lib/vision/illumination';

describe('illuminationGain', () => {
  it('maps each shading value to mean/shading, so gain·shading is flat', () => {
    const shading = Float32Array.from([50, 100, 150, 100]);
    const gain = illuminationGain(shading, new Float32Array(4));
    expect(Array.from(gain).map((g, i) => g * shading[i])).toEqual([100, 100, 100, 100].map((v) => expect.closeTo(v, 4)));
  });

  it('limits gains so black regions are not blown up into noise', () => {
    const shading = Float32Array.from([0, 1, 100, 1000]);
    const gain = illuminationGain(shading, new Float32Array(4), 3);
    expect(gain[0]).toBe(3);
    expect(gain[1]).toBe(3);
    expect(gain[3]).toBeCloseTo(1 / 3, 6);
    expect(gain[2]).toBeCloseTo(275.25 / 100, 5);
    expect(() => illuminationGain(shading, new Float32Array(3))).toThrow(RangeError);
  });
});
