import type { GradeKind } from '../taxonomy/codes';

/**
 * PACP segment ratings from graded observations, separately for structural, O&M and overall:
 *   segment rating = Σ grade · occurrences
 *   rating index   = segment rating / Σ occurrences (0 when there are none)
 *   quick rating   = highest grade, its count, second-highest grade present, its count,
 *                    e.g. "5423" = two grade-5 and three grade-4 observations. Counts above 9
 *                    are letters (10–14 A, 15–19 B, 20–24 C, …); "4300" when only one grade
 *                    is present; "0000" when nothing was observed.
 */

export interface RatedItem {
  grade: number;
  kind: GradeKind;
  /** Occurrences (continuous-defect rule); default 1. */
  count?: number;
}

export interface Rating {
  rating: number;
  index: number;
  quick: string;
  /** Occurrences per grade: countByGrade[g - 1] for grade g. */
  countByGrade: [number, number, number, number, number];
  count: number;
}

export interface SegmentRatings {
  structural: Rating;
  om: Rating;
  overall: Rating;
}

/** One quick-rating count character: 0–9 as digits, then a letter per block of five. */
export function quickCount(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer, got ${n}`);
  if (n <= 9) return String(n);
  return String.fromCharCode(65 + Math.min(25, Math.floor((n - 10) / 5)));
}

export function rate(items: readonly RatedItem[]): Rating {
  const countByGrade: Rating['countByGrade'] = [0, 0, 0, 0, 0];
  for (const it of items) {
    if (!Number.isInteger(it.grade) || it.grade < 1 || it.grade > 5) throw new RangeError(`grade must be 1..5, got ${it.grade}`);
    countByGrade[it.grade - 1] += it.count ?? 1;
  }
  let rating = 0;
  let count = 0;
  countByGrade.forEach((n, i) => {
    rating += (i + 1) * n;
    count += n;
  });
  const present = [5, 4, 3, 2, 1].filter((g) => countByGrade[g - 1] > 0);
  const part = (g: number | undefined) => (g === undefined ? '00' : `${g}${quickCount(countByGrade[g - 1])}`);
  const quick = present.length === 0 ? '0000' : part(present[0]) + part(present[1]);
  return { rating, index: count ? rating / count : 0, quick, countByGrade, count };
}

export function segmentRatings(items: readonly RatedItem[]): SegmentRatings {
  return {
    structural: rate(items.filter((i) => i.kind === 'structural')),
    om: rate(items.filter((i) => i.kind === 'om')),
    overall: rate(items),
  };
}
