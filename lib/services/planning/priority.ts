import type { SegmentRatings } from '../../analysis/ratings';

/**
 * Suggested maintenance priority (pure). Segments are ordered by, in turn:
 *   1. a structural grade-5 observation (failure imminent) first;
 *   2. structural rating index, highest first (average structural grade per occurrence);
 *   3. O&M rating index, highest first;
 *   4. overall segment rating, highest first (more / worse defects);
 *   5. age of the inspection, oldest first (its condition has had longest to worsen);
 *   6. asset id, for a stable order.
 * Segments with no finished inspection come last: there is nothing to rank them by yet.
 * Ratings count accepted and pending observations (rejected ones never), like the stored
 * inspection ratings: an unreviewed grade-5 finding must not wait at the bottom of the list.
 */
export interface PriorityInput {
  assetId: string;
  ageDays: number;
  ratings: SegmentRatings | null;
}

export function hasStructuralGrade5(r: SegmentRatings | null): boolean {
  return !!r && r.structural.countByGrade[4] > 0;
}

export function comparePriority(a: PriorityInput, b: PriorityInput): number {
  if (!a.ratings || !b.ratings) return (a.ratings ? 0 : 1) - (b.ratings ? 0 : 1) || a.assetId.localeCompare(b.assetId);
  const ra = a.ratings;
  const rb = b.ratings;
  return (
    Number(hasStructuralGrade5(rb)) - Number(hasStructuralGrade5(ra)) ||
    rb.structural.index - ra.structural.index ||
    rb.om.index - ra.om.index ||
    rb.overall.rating - ra.overall.rating ||
    b.ageDays - a.ageDays ||
    a.assetId.localeCompare(b.assetId)
  );
}

/** Why a segment sits where it does, in the words of the rule above. */
export function priorityReason(r: SegmentRatings | null): string {
  if (!r) return 'not analysed yet';
  if (hasStructuralGrade5(r)) return `structural grade 5 (${r.structural.countByGrade[4]}×)`;
  if (r.structural.count) return `structural index ${r.structural.index.toFixed(2)}`;
  if (r.om.count) return `O&M index ${r.om.index.toFixed(2)}`;
  return 'no defects found';
}

/** Ranks 1..n in priority order; returns a map id → rank. */
export function rankByPriority<T extends PriorityInput & { id: string }>(rows: readonly T[]): Map<string, number> {
  return new Map([...rows].sort(comparePriority).map((r, i) => [r.id, i + 1]));
}
