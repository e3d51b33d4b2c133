import { describe, expect, it } from 'vitest';
import { distanceFn, distanceToTime, timeToDistance } from '../../lib/analysis/distance';

describe('timeToDistance', () => {
  it('maps time linearly onto the segment and clamps outside travel', () => {
    const track = { lengthM: 48, durationS: 240 };
    expect(timeToDistance(0, track)).toBe(0);
    expect(timeToDistance(60, track)).toBeCloseTo(12, 12);
    expect(timeToDistance(240, track)).toBe(48);
    expect(timeToDistance(-5, track)).toBe(0);
    expect(timeToDistance(999, track)).toBe(48);
  });

  it('honours a travel window (setup shot at the start manhole) and inverts', () => {
    const track = { lengthM: 30, durationS: 200, startS: 20, endS: 170 };
    expect(timeToDistance(10, track)).toBe(0);
    expect(timeToDistance(95, track)).toBeCloseTo(15, 12);
    expect(timeToDistance(180, track)).toBe(30);
    for (const t of [20, 33.3, 100, 170]) expect(distanceToTime(timeToDistance(t, track), track)).toBeCloseTo(t, 9);
    expect(() => timeToDistance(1, { lengthM: 10, durationS: 0 })).toThrow(RangeError);
    expect(() => distanceToTime(1, { lengthM: 0, durationS: 10 })).toThrow(RangeError);
  });
});

describe('distanceFn', () => {
  it('rounds to centimetres, or gives null when the segment length is unknown', () => {
    const f = distanceFn(37.5, 300);
    expect(f(100)).toBe(12.5);
    expect(f(1)).toBe(0.13);
    expect(distanceFn(null, 300)(100)).toBeNull();
    expect(distanceFn(0, 300)(100)).toBeNull();
  });
});
