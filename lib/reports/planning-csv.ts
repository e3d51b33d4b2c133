import { formatCsv } from './csv';
import type { PlanningRow } from '../services/planning/list-planning';

/** The planning list as CSV, one row per segment, in the order shown (distances in metres). */
export const PLANNING_CSV_HEADER = [
  'Priority_Rank', 'Priority_Reason', 'Pipe_Segment_Reference', 'Location', 'Upstream_MH', 'Downstream_MH', 'Material', 'Diameter_mm', 'Length_m',
  'Inspection_Date', 'Age_Days', 'Inspection_ID', 'Inspection_Status', 'Worst_Grade',
  'Structural_Rating', 'Structural_Rating_Index', 'Structural_Quick_Rating', 'OM_Rating', 'OM_Rating_Index', 'OM_Quick_Rating',
  'Overall_Rating', 'Overall_Rating_Index', 'Quick_Rating', 'Observations', 'Unreviewed', 'Worst_Observations',
] as const;

export function planningCsv(rows: readonly PlanningRow[]): string {
  return formatCsv(
    PLANNING_CSV_HEADER,
    rows.map((r) => {
      const g = r.ratings;
      return [
        r.rank, r.reason, r.assetId, r.location, r.upstreamManhole, r.downstreamManhole, r.material, r.diameterMm, r.lengthM,
        r.inspectionDate, r.ageDays, r.inspection?.id ?? '', r.inspection?.status ?? 'none', r.ratings ? r.worstGrade : '',
        g?.structural.rating, g ? round2(g.structural.index) : null, g?.structural.quick, g?.om.rating, g ? round2(g.om.index) : null, g?.om.quick,
        g?.overall.rating, g ? round2(g.overall.index) : null, g?.overall.quick, r.observations, r.unreviewed,
        r.worst.map((o) => `${o.code} ${o.grade}${o.startM != null ? ` @${o.startM.toFixed(1)}m` : ''}${o.reviewed ? '' : ' (unreviewed)'}`).join('; '),
      ];
    }),
  );
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
