import { describe, expect, it } from 'vitest';
import { analyzeErrors, parsePlacedDefects } from '../../lib/ml/error-analysis';
import { computeMetrics } from '../../lib/ml/metrics';
import { DEFECT_CLASSES, DEFECT_CODES } from '../../lib/taxonomy/codes';

const K = DEFECT_CODES.length;
const row = (...codes: string[]) => DEFECT_CODES.map((c) => (codes.includes(c) ? 1 : 0));

describe('analyzeErrors', () => {
  // Four generated images: a crack found, a surface-damage patch taken for a crack, a faint (unlabelled) crack
  // flagged, and a break missed.
  const files = ['images/a.jpg', 'images/b.jpg', 'images/c.jpg', 'images/d.jpg'];
  const labels = [...row('RB'), ...row('OB'), ...row(), ...row('RB')];
  const pred = [...row('RB'), ...row('RB', 'OB'), ...row('RB'), ...row()];
  const meta = parsePlacedDefects(
    [
      { file: 'a.jpg', defects: [{ code: 'RB', variant: 'longitudinal' }] },
      { file: 'b.jpg', defects: [{ code: 'OB', variant: 'spalling' }] },
      '',
      { file: 'c.jpg', defects: [{ code: 'RB', variant: 'circumferential' }] },
      { file: 'd.jpg', defects: [{ code: 'RB', variant: 'break' }] },
    ]
      .map((r) => (r === '' ? '' : JSON.stringify(r)))
      .join('\n'),
  );
  const metrics = computeMetrics(pred, labels);
  const out = analyzeErrors(pred, labels, files, meta);

  it('traces false alarms to what was placed and misses to their variant', () => {
    const rb = out.find((r) => r.code === 'RB')!;
    expect(rb).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(rb.falseAlarmSources).toEqual([['OB:spalling', 1], ['placed-unlabelled:circumferential', 1]]);
    expect(rb.missedVariants).toEqual([['break', 1]]);
    const ob = out.find((r) => r.code === 'OB')!;
    expect(ob).toMatchObject({ tp: 1, fp: 0, fn: 0, lostPoints: 0, falseAlarmSources: [], missedVariants: [] });
  });

  it("counts each code's lost F2-CIW points so that they add up to 100 − F2-CIW", () => {
    const rb = out.find((r) => r.code === 'RB')!;
    const ciwSum = DEFECT_CLASSES.reduce((s, c) => s + c.ciw, 0);
    expect(rb.lostPoints).toBeCloseTo((100 * 1.0 * (1 - metrics.classes.RB.f2)) / ciwSum, 9);
    // Sorted by points lost; a code with no support and no alarm scores F2 0 in F2-CIW, so it loses its whole weight.
    expect(out.map((r) => r.lostPoints)).toEqual([...out.map((r) => r.lostPoints)].sort((a, b) => b - a));
    expect(out.reduce((s, r) => s + r.lostPoints, 0)).toBeCloseTo(100 * (1 - metrics.f2_ciw), 9);
  });

  it('works without meta.jsonl (no sources), and rejects mismatched shapes and malformed lines', () => {
    const bare = analyzeErrors(pred, labels, files, []);
    expect(bare.find((r) => r.code === 'RB')).toMatchObject({ fp: 2, falseAlarmSources: [], missedVariants: [] });
    expect(() => analyzeErrors(pred.slice(K), labels, files, meta)).toThrow(RangeError);
    expect(() => parsePlacedDefects('{"file":"x.jpg"}')).toThrow(/line 1/);
  });
});
