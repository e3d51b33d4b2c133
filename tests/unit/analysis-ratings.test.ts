import { describe, expect, it } from 'vitest';
import { quickCount, rate, segmentRatings, type RatedItem } from '../../lib/analysis/ratings';

const items = (spec: [number, 'structural' | 'om', number?][]): RatedItem[] => spec.map(([grade, kind, count]) => ({ grade, kind, count }));

describe('quickCount', () => {
  it('writes 0–9 as digits and then a letter per block of five (PACP)', () => {
    expect([0, 1, 9].map(quickCount)).toEqual(['0', '1', '9']);
    expect([10, 14, 15, 19, 20, 24, 25].map(quickCount)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
    expect(quickCount(139)).toBe('Z');
    expect(quickCount(1000)).toBe('Z');
    expect(() => quickCount(-1)).toThrow(RangeError);
    expect(() => quickCount(1.5)).toThrow(RangeError);
  });
});

describe('rate', () => {
  it('gives 0000 and zeros when nothing was observed', () => {
    expect(rate([])).toEqual({ rating: 0, index: 0, quick: '0000', countByGrade: [0, 0, 0, 0, 0], count: 0 });
  });

  it('computes rating, index and quick rating (the DESIGN.md example 5423)', () => {
    // Four grade-5 and three grade-2 observations; grades 3–4 absent.
    const r = rate(items([[5, 'structural'], [2, 'structural'], [5, 'om'], [5, 'om'], [2, 'om'], [5, 'om'], [2, 'om']]));
    expect(r.quick).toBe('5423');
    expect(r.rating).toBe(5 * 4 + 2 * 3);
    expect(r.count).toBe(7);
    expect(r.index).toBeCloseTo(26 / 7, 12);
    expect(r.countByGrade).toEqual([0, 3, 0, 0, 4]);
    expect(rate(items([[5, 'om'], [4, 'om'], [4, 'om'], [3, 'om']])).quick).toBe('5142');
  });

  it('pads with 00 when a single grade is present and skips absent grades', () => {
    expect(rate(items([[4, 'om'], [4, 'om'], [4, 'om']])).quick).toBe('4300');
    expect(rate(items([[5, 'om'], [1, 'om'], [1, 'om']])).quick).toBe('5112');
  });

  it('uses occurrence counts (continuous defects) and letters for large counts', () => {
    const r = rate(items([[3, 'om', 12], [2, 'om', 1], [2, 'om', 16]]));
    expect(r.quick).toBe('3A2B'); // 12 → A, 17 → B
    expect(r.rating).toBe(3 * 12 + 2 * 17);
    expect(r.count).toBe(29);
    expect(() => rate([{ grade: 6, kind: 'om' }])).toThrow(RangeError);
    expect(() => rate([{ grade: 0, kind: 'om' }])).toThrow(RangeError);
  });
});

describe('segmentRatings', () => {
  it('rates structural, O&M and overall separately', () => {
    const r = segmentRatings(items([[5, 'structural'], [3, 'structural'], [2, 'om', 3]]));
    expect(r.structural).toMatchObject({ rating: 8, quick: '5131', count: 2 });
    expect(r.om).toMatchObject({ rating: 6, quick: '2300', count: 3, index: 2 });
    expect(r.overall).toMatchObject({ rating: 14, quick: '5131', count: 5 });
    expect(r.overall.index).toBeCloseTo(14 / 5, 12);
  });
});
