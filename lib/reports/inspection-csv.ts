import { formatCsv, type CsvValue } from './csv';
import { videoCounter } from './format';
import type { InspectionReport } from './types';

/**
 * One row per exported observation. Column names follow PACP's exchange names where one exists
 * (Distance, Video_Counter, PACP_Code, Continuous, Remarks, Image_Reference, Grade); distances are
 * metres and the PACP / EN 13508-2 / Korean codes are the *nearest* equivalents of the Sewer-ML
 * class (the column names say so). Reviewed = Y for accepted or engineer-added observations.
 */
export const INSPECTION_CSV_HEADER = [
  'Pipe_Segment_Reference',
  'Inspection_ID',
  'Observation_ID',
  'Number',
  'Distance',
  'Distance_To',
  'Video_Counter',
  'Video_Counter_To',
  'Continuous',
  'Sewer_ML_Code',
  'Observation_Name',
  'PACP_Code_Nearest',
  'EN13508_2_Code_Nearest',
  'Korean_Code_Nearest',
  'Grade',
  'Grade_Type',
  'Occurrences',
  'Confidence',
  'Source',
  'Review_Status',
  'Reviewed',
  'Remarks',
  'Image_Reference',
] as const;

export function inspectionCsv(r: InspectionReport): string {
  const rows = r.observations.map((o): CsvValue[] => [
    r.segment.assetId,
    r.inspection.id,
    o.id,
    o.number,
    o.startM == null ? null : round(o.startM, 2),
    o.endM == null ? null : round(o.endM, 2),
    videoCounter(o.startS),
    videoCounter(o.endS),
    // PACP marks continuous defects S## (start) … F## (finish); one row here spans both ends.
    o.occurrences > 1 ? `S${String(o.number).padStart(2, '0')}/F${String(o.number).padStart(2, '0')}` : '',
    o.code,
    o.name,
    o.nearest.pacp,
    o.nearest.en13508,
    o.nearest.korean,
    o.grade,
    o.kind === 'structural' ? 'Structural' : 'O&M',
    o.occurrences,
    round(o.confidence, 3),
    o.source,
    o.status,
    o.reviewed,
    o.remark,
    `obs-${o.id}.jpg`,
  ]);
  return formatCsv(INSPECTION_CSV_HEADER, rows);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
