import { z } from 'zod';
import { PIPE_MATERIALS } from '../../db/schema';

/**
 * Filters and sort of the planning list, parsed from URL search params (page, CSV export and
 * JSON API share it). Unknown or malformed values fall back to "no filter" rather than failing:
 * the list is a view, and a stale bookmark should still open.
 */
export const PLANNING_SORTS = ['priority', 'asset', 'age', 'worst', 'structural', 'om', 'diameter', 'material', 'length', 'unreviewed'] as const;
export type PlanningSort = (typeof PLANNING_SORTS)[number];

const optionalInt = (min: number, max: number) =>
  z.preprocess((v) => (v === '' || v == null ? undefined : Number(v)), z.number().int().min(min).max(max).optional()).catch(undefined);

export const PlanningQuery = z.object({
  material: z.enum(PIPE_MATERIALS).optional().catch(undefined),
  diameterMin: optionalInt(0, 10_000),
  diameterMax: optionalInt(0, 10_000),
  minGrade: optionalInt(1, 5),
  unreviewed: z.preprocess((v) => v === '1' || v === 'true' || v === 'on', z.boolean()).catch(false),
  q: z.string().trim().max(200).optional().catch(undefined),
  sort: z.enum(PLANNING_SORTS).catch('priority').default('priority'),
  dir: z.enum(['asc', 'desc']).optional().catch(undefined),
});
export type PlanningQuery = z.infer<typeof PlanningQuery>;

export function parsePlanningQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): PlanningQuery {
  const get = (k: string) => {
    const v = params instanceof URLSearchParams ? params.get(k) : params[k];
    return Array.isArray(v) ? v[0] : (v ?? undefined);
  };
  return PlanningQuery.parse(Object.fromEntries(Object.keys(PlanningQuery.shape).map((k) => [k, get(k)])));
}

/** Back to search params, omitting defaults (for links that keep the current filters). */
export function planningSearch(q: Partial<PlanningQuery>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === '' || v === false) continue;
    if (k === 'sort' && v === 'priority') continue;
    p.set(k, v === true ? '1' : String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}
