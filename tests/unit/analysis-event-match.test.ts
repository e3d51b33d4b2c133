import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../lib/analysis/event-match';

describe('matchEvents', () => {
  it('matches on code and overlapping time only', () => {
    const truth = [
      { code: 'RB', startS: 10, endS: 14 },
      { code: 'RO', startS: 20, endS: 25 },
      { code: 'FS', startS: 40, endS: 42 },
    ];
    const det = [
      { code: 'RB', startS: 13, endS: 16 }, // overlaps RB
      { code: 'RO', startS: 30, endS: 31 }, // RO but no overlap
      { code: 'IN', startS: 20, endS: 25 }, // overlap but wrong code
      { code: 'FS', startS: 42.3, endS: 44 }, // within 0.5 s tolerance
    ];
    const m = matchEvents(det, truth);
    expect(m.matchedDetections).toBe(2);
    expect(m.precision).toBeCloseTo(0.5);
    expect(m.matchedTruths).toBe(2);
    expect(m.recall).toBeCloseTo(2 / 3);
    expect(m.byCode.RO).toEqual({ truths: 1, matchedTruths: 0, detections: 1, matchedDetections: 0 });
  });

  it('treats empty sides as vacuously perfect and strict tolerance as strict', () => {
    expect(matchEvents([], []).f1).toBe(1);
    expect(matchEvents([], [{ code: 'RB', startS: 0, endS: 1 }]).recall).toBe(0);
    expect(matchEvents([{ code: 'RB', startS: 1.2, endS: 2 }], [{ code: 'RB', startS: 0, endS: 1 }], 0).precision).toBe(0);
  });
});
