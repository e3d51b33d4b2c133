import { describe, expect, it } from 'vitest';
import { framesToObservations, type FrameScores } from '../../lib/analysis/observations';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';

const FPS = 5;
const THR = Object.fromEntries(DEFECT_CODES.map((c) => [c, 0.5])) as Record<DefectCode, number>;

/** Frames 0..n-1 at 5 fps; `score(code, i)` gives each class's score (default 0.05). */
function frames(n: number, score: Partial<Record<DefectCode, (i: number) => number>>, skip: (i: number) => boolean = () => false): FrameScores[] {
  const out: FrameScores[] = [];
  for (let i = 0; i < n; i++) {
    if (skip(i)) continue;
    out.push({
      index: i,
      t: i / FPS,
      distanceM: (i / FPS) * 0.2,
      scores: Float32Array.from(DEFECT_CODES.map((c) => score[c]?.(i) ?? 0.05)),
    });
  }
  return out;
}
const box = (a: number, b: number, v: number, rest = 0.05) => (i: number) => (i >= a && i <= b ? v : rest);

describe('framesToObservations', () => {
  it('turns a clean run into one observation with times, distances and confidences', () => {
    const obs = framesToObservations(frames(60, { RB: box(10, 19, 0.9) }), THR);
    expect(obs).toHaveLength(1);
    const o = obs[0];
    expect(o).toMatchObject({ code: 'RB', frameCount: 10, bestFrameIndex: 10 });
    expect(o.startS).toBeCloseTo(2.0, 9);
    expect(o.endS).toBeCloseTo(3.8, 9);
    expect(o.startM).toBeCloseTo(0.4, 9);
    expect(o.endM).toBeCloseTo(0.76, 9);
    expect(o.peakConfidence).toBeCloseTo(0.9, 6);
    expect(o.meanConfidence).toBeCloseTo(0.9, 6);
  });

  it('applies hysteresis: starts at the threshold, continues down to threshold·lowFactor', () => {
    const s = [0.1, 0.45, 0.6, 0.4, 0.35, 0.31, 0.29, 0.1, 0.1, 0.1];
    const obs = framesToObservations(frames(10, { FS: (i) => s[i] }), THR, { smoothing: 'none', minFrames: 1, minDurationS: 0 });
    expect(obs).toHaveLength(1);
    // 0.45 is below the 0.5 start; the run holds through 0.31 (≥ 0.3) and stops at 0.29.
    expect(obs[0]).toMatchObject({ code: 'FS', frameCount: 4, bestFrameIndex: 2 });
    expect(obs[0].startS).toBeCloseTo(0.4, 9);
    expect(obs[0].endS).toBeCloseTo(1.0, 9);
    expect(obs[0].meanConfidence).toBeCloseTo((0.6 + 0.4 + 0.35 + 0.31) / 4, 6);
    // A stricter stay-on level ends it earlier.
    const strict = framesToObservations(frames(10, { FS: (i) => s[i] }), THR, { smoothing: 'none', minFrames: 1, minDurationS: 0, lowFactor: 0.9 });
    expect(strict[0].frameCount).toBe(1);
  });

  it('median smoothing removes single-frame spikes and bridges single-frame dropouts', () => {
    const spike = frames(40, { RO: box(20, 20, 0.99) });
    expect(framesToObservations(spike, THR)).toEqual([]);
    expect(framesToObservations(spike, THR, { smoothing: 'none', minFrames: 1, minDurationS: 0 })).toHaveLength(1);
    const dropout = frames(40, { RO: (i) => (i >= 10 && i <= 25 && i !== 17 ? 0.8 : 0.05) });
    const obs = framesToObservations(dropout, THR, { maxGapS: 0 });
    expect(obs).toHaveLength(1);
    expect(obs[0].frameCount).toBe(16);
  });

  it('merges same-code runs separated by at most maxGapS and keeps longer gaps apart', () => {
    // Runs 10–19 and 24–33: last frame at 3.8 s, next first at 4.8 s → gap 1.0 s.
    const near = frames(60, { AF: (i) => ((i >= 10 && i <= 19) || (i >= 24 && i <= 33) ? 0.7 : 0.05) });
    const merged = framesToObservations(near, THR);
    expect(merged).toHaveLength(1);
    expect(merged[0].frameCount).toBe(24);
    expect(merged[0].meanConfidence).toBeLessThan(0.7); // the low gap frames count in the mean
    expect(framesToObservations(near, THR, { maxGapS: 0.9 })).toHaveLength(2);
  });

  it('never bridges a time gap in the sampled frames (a missing chunk)', () => {
    const holed = frames(80, { IN: box(0, 79, 0.9) }, (i) => i >= 30 && i < 50);
    const obs = framesToObservations(holed, THR);
    expect(obs.map((o) => [o.bestFrameIndex, o.frameCount])).toEqual([[0, 30], [50, 30]]);
  });

  it('is independent of chunking, frame order and retried (duplicate) chunks', () => {
    const all = frames(200, {
      RB: box(20, 70, 0.8),
      FS: (i) => 0.5 + 0.45 * Math.sin(i / 9),
      RO: box(95, 105, 0.7),
    });
    const whole = framesToObservations(all, THR);
    const chunks = [all.slice(150), all.slice(0, 60), all.slice(60, 150), all.slice(55, 65)]; // out of order, overlap
    expect(framesToObservations(chunks.flat(), THR)).toEqual(whole);
    expect(framesToObservations([...all].reverse(), THR)).toEqual(whole);
    // An observation crossing the 60-frame chunk boundary stays whole.
    expect(whole.filter((o) => o.code === 'RB')).toHaveLength(1);
    expect(whole.find((o) => o.code === 'RB')!.frameCount).toBe(51);
  });

  it('uses per-class thresholds, skips classes without one, and sorts by start then code order', () => {
    const f = frames(50, { RB: box(30, 40, 0.45), OB: box(10, 20, 0.45), GR: box(10, 20, 0.9) });
    const obs = framesToObservations(f, { ...THR, RB: 0.4, OB: 0.6 });
    expect(obs.map((o) => o.code)).toEqual(['GR', 'RB']);
    const noGr = framesToObservations(f, { RB: 0.4 });
    expect(noGr.map((o) => o.code)).toEqual(['RB']);
    const both = framesToObservations(frames(30, { OK: box(5, 15, 0.9), RB: box(5, 15, 0.9) }), THR);
    expect(both.map((o) => o.code)).toEqual(['RB', 'OK']);
  });

  it('gives one connection one code: overlapping connection codes merge, the stronger wins, the rest become alternatives', () => {
    // PB scores higher over the joint range: it is kept, spans both runs, and GR is its alternative.
    const f = frames(60, { GR: box(10, 30, 0.8), PB: box(14, 34, 0.95), RB: box(12, 20, 0.9) });
    const obs = framesToObservations(f, THR, { oneCodePerConnection: true, absorbNested: false });
    expect(obs.map((o) => o.code)).toEqual(['PB', 'RB']);
    const pb = obs[0];
    expect(pb).toMatchObject({ frameCount: 25, bestFrameIndex: 14 });
    expect(pb.startS).toBeCloseTo(2.0, 9);
    expect(pb.endS).toBeCloseTo(6.8, 9);
    expect(pb.alternatives).toHaveLength(1);
    expect(pb.alternatives![0].code).toBe('GR');
    expect(pb.alternatives![0].meanScore).toBeCloseTo((21 * 0.8 + 4 * 0.05) / 25, 6);
    // Non-connection codes never merge (RB overlaps both) and carry no alternatives.
    expect(obs[1].alternatives).toEqual([]);
    // Two connections passed one after the other (overlap < half the shorter run) stay apart.
    const apart = framesToObservations(frames(60, { GR: box(10, 20, 0.9), OP: box(18, 40, 0.9) }), THR, { oneCodePerConnection: true });
    expect(apart.map((o) => o.code)).toEqual(['GR', 'OP']);
    // Switched off, both codes are reported.
    expect(framesToObservations(f, THR, { oneCodePerConnection: false, absorbNested: false }).map((o) => o.code)).toEqual(['GR', 'RB', 'PB']);
  });

  it('absorbs a much shorter run of another code inside a run as its alternative', () => {
    // RB for 5 s; near its end RO (1.2 s) and OB (1.6 s) burst: both inside, both ≤ 0.6 × 5 s.
    const f = frames(60, { RB: box(10, 35, 0.9), RO: box(29, 34, 0.85), OB: box(28, 35, 0.95), IN: box(40, 50, 0.9) });
    const obs = framesToObservations(f, THR);
    expect(obs.map((o) => o.code)).toEqual(['RB', 'IN']);
    expect(obs[0].alternatives!.map((a) => a.code)).toEqual(['OB', 'RO']);
    expect(obs[0].alternatives![0].meanScore).toBeCloseTo((8 * 0.95 + 18 * 0.05) / 26, 6);
    expect(obs[1].alternatives).toEqual([]);
    // Not nested: a run that sticks out of the other by more than the 0.5 s slack, or is not much shorter.
    const out = framesToObservations(frames(60, { RB: box(10, 35, 0.9), RO: box(30, 40, 0.9) }), THR);
    expect(out.map((o) => o.code)).toEqual(['RB', 'RO']);
    const similar = framesToObservations(frames(60, { RB: box(10, 35, 0.9), RO: box(14, 33, 0.9) }), THR);
    expect(similar.map((o) => o.code)).toEqual(['RB', 'RO']);
    // A container longer than 8 s is not one feature passing by: nothing is absorbed.
    const long = framesToObservations(frames(80, { BE: box(0, 60, 0.9), OB: box(20, 25, 0.9) }), THR);
    expect(long.map((o) => o.code)).toEqual(['BE', 'OB']);
    // Switched off, every run is reported.
    expect(framesToObservations(f, THR, { absorbNested: false }).map((o) => o.code)).toEqual(['RB', 'OB', 'RO', 'IN']);
  });

  it('drops observations shorter than minFrames / minDurationS', () => {
    const f = frames(50, { DE: box(10, 12, 0.9) }); // 3 frames = 0.6 s of video
    expect(framesToObservations(f, THR)).toHaveLength(0); // default: at least 0.8 s
    expect(framesToObservations(frames(50, { DE: box(10, 13, 0.9) }), THR)).toHaveLength(1); // 4 frames = 0.8 s
    // Times as the database returns them (float32): 4 frames may span 0.79999996 s; still 0.8 s.
    const stored = frames(50, { DE: box(10, 13, 0.9) }).map((f) => ({ ...f, t: Math.fround(f.t) }));
    expect(stored[13].t - stored[10].t + 0.2).toBeLessThan(0.8);
    expect(framesToObservations(stored, THR)).toHaveLength(1);
    expect(framesToObservations(stored.map((f) => (f.index === 13 ? { ...f, scores: Array.from(f.scores, () => 0.05) } : f)), THR)).toHaveLength(0);
    expect(framesToObservations(f, THR, { minFrames: 4, minDurationS: 0 })).toHaveLength(0);
    expect(framesToObservations(f, THR, { minFrames: 3, minDurationS: 0 })).toHaveLength(1);
    expect(framesToObservations(f, THR, { minDurationS: 0.6 })).toHaveLength(1);
    expect(framesToObservations(f, THR, { minDurationS: 0.7 })).toHaveLength(0);
  });

  it('zero-phase EMA keeps a symmetric bump centred', () => {
    const f = frames(41, { BE: (i) => Math.max(0.05, 0.95 - Math.abs(i - 20) * 0.1) });
    // lowFactor 1 turns hysteresis off (it is asymmetric by design).
    const [o] = framesToObservations(f, THR, { smoothing: 'ema', emaAlpha: 0.4, lowFactor: 1 });
    expect(o.bestFrameIndex).toBe(20);
    expect(20 - o.startS * FPS).toBeCloseTo(o.endS * FPS - 20, 9);
  });

  it('handles empty input, null distances and rejects wrong score vectors', () => {
    expect(framesToObservations([], THR)).toEqual([]);
    const f = frames(20, { PB: box(5, 10, 0.9) }).map((x) => ({ ...x, distanceM: null }));
    expect(framesToObservations(f, THR)[0]).toMatchObject({ startM: null, endM: null });
    expect(() => framesToObservations([{ index: 0, t: 0, scores: [0.5] }], THR)).toThrow(/17/);
  });
});
