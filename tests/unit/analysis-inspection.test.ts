import { describe, expect, it } from 'vitest';
import { analyzeInspection, distanceFn, type FrameScores } from '../../lib/analysis';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

describe('analyzeInspection', () => {
  it('goes from frame scores to graded observations and segment ratings', () => {
    // 120 s at 5 fps over a 60 m segment: a crack at 20–24 s, roots from 60 s to 90 s.
    const dist = distanceFn(60, 120);
    const rb = DEFECT_CODES.indexOf('RB');
    const ro = DEFECT_CODES.indexOf('RO');
    const frames: FrameScores[] = [];
    for (let i = 0; i < 600; i++) {
      const t = i / 5;
      const s = new Float32Array(17).fill(0.02);
      if (t >= 20 && t <= 24) s[rb] = 0.95;
      if (t >= 60 && t <= 90) s[ro] = 0.7;
      frames.push({ index: i, t, distanceM: dist(t), scores: s });
    }
    const thresholds = Object.fromEntries(DEFECT_CODES.map((c) => [c, 0.5]));
    const { observations, ratings } = analyzeInspection(frames, thresholds, { segmentLengthM: 60, durationS: 120 });
    expect(observations.map((o) => [o.code, o.grade, o.kind, o.count])).toEqual([
      ['RB', 4, 'structural', 2], // prior 3 + 0.5 (peak 0.95) → 4; 10–12 m → 2 started 5 ft
      ['RO', 4, 'om', 10], // prior 3 + 1 (30 of 120 s = 25 % extent) → 4; 30–45 m → 10 × 5 ft
    ]);
    expect(observations[1].startM).toBe(30);
    expect(observations[1].endM).toBe(45);
    expect(ratings.structural.quick).toBe('4200');
    expect(ratings.om.quick).toBe('4A00');
    expect(ratings.overall).toMatchObject({ rating: 4 * 12, count: 12, quick: '4A00' });
  });
});
