import path from 'node:path';
import { DEFECT_CLASSES, DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import { computeMetrics } from './metrics';

/**
 * Where a model loses F2-CIW on a generated set: per code, the points of F2-CIW its imperfect F2 costs
 * (CIW_c · (1 − F2_c) / Σ CIW), and — from the generator's `meta.jsonl` — what the images it raised false
 * alarms on actually held (the other defects placed there, or this code placed but too faint to be labelled)
 * and which variants of the code it missed. `eval --errors` prints it.
 */

/** One line of a generated set's meta.jsonl (only what the analysis reads). */
export interface PlacedDefectsRow {
  file: string;
  defects: { code: string; variant?: string }[];
}

export interface CodeErrors {
  code: DefectCode;
  tp: number;
  fp: number;
  fn: number;
  f2: number;
  /** Points of F2-CIW (0–100) lost to this code's F2 being below 1. */
  lostPoints: number;
  /** What false-alarm images held: 'OB:spalling', 'placed-unlabelled:<variant>' (this code, too faint to label), or 'nothing'. Most frequent first. */
  falseAlarmSources: [string, number][];
  /** Variants of this code that were missed. Most frequent first. */
  missedVariants: [string, number][];
}

const CIW_SUM = DEFECT_CLASSES.reduce((s, c) => s + c.ciw, 0);

function ranked(m: Map<string, number>): [string, number][] {
  return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function bump(m: Map<string, number>, key: string): void {
  m.set(key, (m.get(key) ?? 0) + 1);
}

/**
 * @param pred n×17 0/1 decisions, `labels` n×17 0/1 truth, `files[i]` row i's file name, `meta` the set's
 * meta.jsonl rows (matched on the file's base name; may be empty).
 * Codes sorted by points lost, largest first.
 */
export function analyzeErrors(
  pred: ArrayLike<number>,
  labels: ArrayLike<number>,
  files: readonly string[],
  meta: readonly PlacedDefectsRow[],
): CodeErrors[] {
  const k = DEFECT_CODES.length;
  if (pred.length !== files.length * k || labels.length !== files.length * k) {
    throw new RangeError(`need ${files.length}×${k} decisions and labels, got ${pred.length} and ${labels.length}`);
  }
  const metrics = computeMetrics(pred, labels);
  const byFile = new Map(meta.map((m) => [path.basename(m.file), m]));
  return DEFECT_CLASSES.map((cls, c) => {
    const sources = new Map<string, number>();
    const missed = new Map<string, number>();
    for (let i = 0; i < files.length; i++) {
      const p = pred[i * k + c] > 0;
      const t = labels[i * k + c] > 0;
      if (p === t) continue;
      const placed = byFile.get(path.basename(files[i]))?.defects;
      if (!placed) continue;
      const own = placed.filter((d) => d.code === cls.code);
      if (p) {
        if (own.length) bump(sources, `placed-unlabelled:${own[0].variant ?? '?'}`);
        else if (!placed.length) bump(sources, 'nothing');
        else for (const key of new Set(placed.map((d) => `${d.code}:${d.variant ?? '?'}`))) bump(sources, key);
      } else bump(missed, own[0]?.variant ?? '?');
    }
    const m = metrics.classes[cls.code];
    return {
      code: cls.code,
      tp: m.tp,
      fp: m.fp,
      fn: m.fn,
      f2: m.f2,
      lostPoints: (100 * cls.ciw * (1 - m.f2)) / CIW_SUM,
      falseAlarmSources: ranked(sources),
      missedVariants: ranked(missed),
    };
  }).sort((a, b) => b.lostPoints - a.lostPoints);
}

/** meta.jsonl text → rows (blank lines skipped). */
export function parsePlacedDefects(text: string): PlacedDefectsRow[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l, i) => {
      const row = JSON.parse(l) as Partial<PlacedDefectsRow>;
      if (typeof row.file !== 'string' || !Array.isArray(row.defects)) throw new Error(`meta.jsonl line ${i + 1}: needs "file" and "defects"`);
      return { file: row.file, defects: row.defects };
    });
}
