import { DEFECT_CODES, isDefectCode, type DefectCode } from '../taxonomy/codes';
import { metricsFromCounts, NUM_CLASSES, type BinaryCounts, type ClassMetrics } from './metrics';

/**
 * The real-dev set (../shared/datasets/real-dev): a few dozen real CCTV frames whose labels are
 * only partly reliable. Each row says which classes were judged (`known`): `all`, or a list such as
 * `FO`. An image is scored only on the classes its label covers, and defect-vs-normal only on
 * images labelled `all` (elsewhere an unlabelled defect may be present).
 */
export interface RealDevRow {
  /** Path relative to the set's folder, as in labels.tsv. */
  file: string;
  codes: DefectCode[];
  /** Classes the label is reliable for (all 17 when `known` is `all`). */
  known: DefectCode[];
  knownAll: boolean;
  water: string;
}

export class RealDevError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RealDevError';
  }
}

function codeList(s: string, where: string): DefectCode[] {
  const parts = s.split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of parts) if (!isDefectCode(p)) throw new RealDevError(`${where}: "${p}" is not a Sewer-ML code`);
  return parts as DefectCode[];
}

export function parseRealDevTsv(text: string, source = 'labels.tsv'): RealDevRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new RealDevError(`${source}: empty file`);
  const header = lines[0].split('\t').map((h) => h.trim());
  const idx = (name: string) => header.indexOf(name);
  const missing = ['file', 'codes', 'known'].filter((h) => idx(h) < 0);
  if (missing.length) throw new RealDevError(`${source}: missing column(s) ${missing.join(', ')}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split('\t');
    const where = `${source} line ${i + 2}`;
    const knownRaw = (cells[idx('known')] ?? '').trim();
    const knownAll = knownRaw === 'all';
    const known = knownAll ? [...DEFECT_CODES] : codeList(knownRaw, where);
    if (known.length === 0) throw new RealDevError(`${where}: empty "known" column`);
    const codes = codeList(cells[idx('codes')] ?? '', where);
    const stray = codes.filter((c) => !known.includes(c));
    if (stray.length) throw new RealDevError(`${where}: codes ${stray.join(',')} are not in known=${knownRaw}`);
    const w = idx('water');
    return { file: cells[idx('file')].trim(), codes, known, knownAll, water: w >= 0 ? (cells[w] ?? '').trim() : 'unknown' };
  });
}

export interface RealDevClass extends ClassMetrics {
  /** Images on which this class was scored (its label covers it). */
  scored: number;
}

export interface RealDevReport {
  n: number;
  /** Defect (any code) vs normal on the `known = all` images; positive class = defect. */
  defect_vs_normal: ClassMetrics & { tn: number; n: number };
  /** Only classes scored on at least one image. */
  classes: Partial<Record<DefectCode, RealDevClass>>;
  images: { file: string; truth: DefectCode[]; known: string; predicted: DefectCode[]; top: { code: DefectCode; score: number }[] }[];
}

/** `pred`: n×17 0/1 decisions in row order; `scores`: the matching sigmoid scores (for the per-image listing). */
export function scoreRealDev(rows: readonly RealDevRow[], pred: ArrayLike<number>, scores: ArrayLike<number>): RealDevReport {
  if (pred.length !== rows.length * NUM_CLASSES || scores.length !== pred.length) {
    throw new RangeError(`real-dev: ${rows.length} rows but ${pred.length / NUM_CLASSES} predictions`);
  }
  const counts = DEFECT_CODES.map(() => ({ tp: 0, fp: 0, fn: 0, scored: 0 }));
  const dvn: BinaryCounts & { tn: number } = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let dvnN = 0;
  const images: RealDevReport['images'] = [];
  rows.forEach((row, r) => {
    const fired = DEFECT_CODES.filter((_, c) => pred[r * NUM_CLASSES + c] > 0);
    for (const code of row.known) {
      const c = DEFECT_CODES.indexOf(code);
      const p = pred[r * NUM_CLASSES + c] > 0;
      const t = row.codes.includes(code);
      counts[c].scored++;
      if (p && t) counts[c].tp++;
      else if (p) counts[c].fp++;
      else if (t) counts[c].fn++;
    }
    if (row.knownAll) {
      dvnN++;
      const t = row.codes.length > 0;
      const p = fired.length > 0;
      if (p && t) dvn.tp++;
      else if (p) dvn.fp++;
      else if (t) dvn.fn++;
      else dvn.tn++;
    }
    const top = DEFECT_CODES.map((code, c) => ({ code, score: scores[r * NUM_CLASSES + c] }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 3);
    images.push({ file: row.file, truth: row.codes, known: row.knownAll ? 'all' : row.known.join(','), predicted: fired, top });
  });
  const classes: RealDevReport['classes'] = {};
  DEFECT_CODES.forEach((code, c) => {
    if (counts[c].scored > 0) classes[code] = { ...metricsFromCounts(counts[c]), scored: counts[c].scored };
  });
  return { n: rows.length, defect_vs_normal: { ...metricsFromCounts(dvn), tn: dvn.tn, n: dvnN }, classes, images };
}
