import type { PlanningQuery, PlanningSort } from './planning-query';
import type { PlanningRow } from './list-planning';

/** Apply the planning filters and sort (pure). Priority order is precomputed as `rank`. */
export function filterPlanning(rows: readonly PlanningRow[], q: PlanningQuery): PlanningRow[] {
  const text = q.q?.toLowerCase();
  return rows.filter(
    (r) =>
      (!q.material || r.material === q.material) &&
      (q.diameterMin === undefined || r.diameterMm >= q.diameterMin) &&
      (q.diameterMax === undefined || r.diameterMm <= q.diameterMax) &&
      (q.minGrade === undefined || r.worstGrade >= q.minGrade) &&
      (!q.unreviewed || r.unreviewed > 0) &&
      (!text || r.assetId.toLowerCase().includes(text) || r.location.toLowerCase().includes(text)),
  );
}

/** Natural direction of each column: severity and age descending, names ascending. */
const DEFAULT_DIR: Record<PlanningSort, 'asc' | 'desc'> = {
  priority: 'asc', asset: 'asc', age: 'desc', worst: 'desc', structural: 'desc', om: 'desc', diameter: 'desc', material: 'asc', length: 'desc', unreviewed: 'desc',
};

const KEY: Record<PlanningSort, (r: PlanningRow) => number | string> = {
  priority: (r) => r.rank,
  asset: (r) => r.assetId,
  age: (r) => r.ageDays,
  worst: (r) => r.worstGrade,
  structural: (r) => r.ratings?.structural.index ?? -1,
  om: (r) => r.ratings?.om.index ?? -1,
  diameter: (r) => r.diameterMm,
  material: (r) => r.material,
  length: (r) => r.lengthM,
  unreviewed: (r) => r.unreviewed,
};

export function defaultDir(sort: PlanningSort): 'asc' | 'desc' {
  return DEFAULT_DIR[sort];
}

export function sortPlanning(rows: readonly PlanningRow[], sort: PlanningSort, dir: 'asc' | 'desc' = DEFAULT_DIR[sort]): PlanningRow[] {
  const k = KEY[sort];
  const sign = dir === 'asc' ? 1 : -1;
  // Ties fall back to priority rank so the order is always deterministic.
  return [...rows].sort((a, b) => {
    const x = k(a);
    const y = k(b);
    const c = typeof x === 'string' ? x.localeCompare(y as string) : x - (y as number);
    return sign * c || a.rank - b.rank;
  });
}
