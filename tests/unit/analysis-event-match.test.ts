import { describe, expect, it } from 'vitest';
import { matchEvents } from '../../lib/analysis/event-match';
import { closestApproachR, truthFromLabels } from '../../lib/analysis/video-truth';

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

  it('leaves optional (never reached) events out of recall, and detections of them out of precision', () => {
    const truth = [
      { code: 'RB', startS: 10, endS: 14 },
      { code: 'FS', startS: 38, endS: 40, optional: true },
    ];
    const missed = matchEvents([{ code: 'RB', startS: 12, endS: 13 }], truth);
    expect([missed.recall, missed.precision, missed.truths, missed.optionalTruths]).toEqual([1, 1, 1, 1]);
    const found = matchEvents([{ code: 'RB', startS: 12, endS: 13 }, { code: 'FS', startS: 39, endS: 40 }, { code: 'RO', startS: 39, endS: 40 }], truth);
    expect([found.detections, found.matchedDetections, found.ignoredDetections]).toEqual([2, 1, 1]);
    expect(found.precision).toBeCloseTo(0.5);
  });
});

describe('truthFromLabels', () => {
  // R = 0.5 m. PH ends where it leaves the view (0.6 R); FS is still 2.69 m = 5.4 R ahead when the video stops.
  const labels = {
    segment: { diameter_m: 1 },
    observations: [
      { code: 'PH', start_s: 3, end_s: 9, end_m: 4.7, position_m: 5.0 },
      { code: 'FS', start_s: 38.5, end_s: 39.9, end_m: 10.306, position_m: 12.994 },
      { code: 'RB', start_s: 20, end_s: 25 },
    ],
  };

  it('marks events the camera never came within REACH_R radii of as optional', () => {
    expect(closestApproachR(labels.observations[0], 0.5)).toBeCloseTo(0.6);
    const t = truthFromLabels(labels);
    expect(t.map((e) => [e.code, Boolean(e.optional)])).toEqual([['PH', false], ['FS', true], ['RB', false]]);
  });

  it('keeps every event required when strict (reachR Infinity)', () => {
    expect(truthFromLabels(labels, { reachR: Infinity }).some((e) => e.optional)).toBe(false);
    expect(truthFromLabels({}).length).toBe(0);
  });
});
