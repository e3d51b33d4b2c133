import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import type { Rng } from './prng';

/**
 * Which defect codes a still frame carries. Sewer-ML is ~40 % normal and heavily
 * imbalanced; for training we default to class-balanced sampling (every class equally
 * likely among defect frames) so rare classes (GR, AF, DE…) get enough examples.
 */
export type Balance = 'balanced' | 'sewerml';

/** Approximate Sewer-ML training-set class frequencies (share of defect occurrences). */
const SEWERML_FREQ: Record<DefectCode, number> = {
  RB: 0.1, OB: 0.22, PF: 0.04, DE: 0.01, FS: 0.1, IS: 0.02, RO: 0.05, IN: 0.05, AF: 0.08,
  BE: 0.12, FO: 0.03, GR: 0.05, PH: 0.03, PB: 0.03, OS: 0.01, OP: 0.04, OK: 0.02,
};

/** Connection classes describe the same opening made differently: one per frame keeps labels unambiguous. */
const CONNECTIONS: ReadonlySet<DefectCode> = new Set(['GR', 'PH', 'PB', 'OS', 'OP', 'OK']);

/**
 * `emphasis` multiplies some codes' weights (e.g. { RB: 3, OB: 3 }: cracks and surface damage three
 * times as likely among defect frames, so they also meet each other more often). Without it the
 * draws are exactly those of the plain balance, so existing seeds render the same stills.
 */
export function sampleCodes(rng: Rng, normalFrac: number, balance: Balance, emphasis?: Partial<Record<DefectCode, number>>): DefectCode[] {
  if (rng.chance(normalFrac)) return [];
  const k = rng.weighted([1, 2, 3], [0.65, 0.27, 0.08]);
  const weights = DEFECT_CODES.map((c) => (balance === 'balanced' ? 1 : SEWERML_FREQ[c]) * (emphasis?.[c] ?? 1));
  const out: DefectCode[] = [];
  while (out.length < k) {
    const c = rng.weighted(DEFECT_CODES, weights);
    if (out.includes(c)) continue;
    if (CONNECTIONS.has(c) && out.some((o) => CONNECTIONS.has(o))) continue;
    if ((c === 'DE' && out.includes('FS')) || (c === 'FS' && out.includes('DE'))) continue; // one geometry change per frame
    out.push(c);
  }
  return out.sort((a, b) => DEFECT_CODES.indexOf(a) - DEFECT_CODES.indexOf(b));
}
