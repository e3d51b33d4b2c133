import type { ServiceContext } from '../context';
import { ValidationError } from '../errors';
import { loadInspectionReport } from './load-report';
import { loadReportImages } from './report-images';
import { renderInspectionPdf } from '../../reports/pdf/render';
import { inspectionCsv } from '../../reports/inspection-csv';
import { inspectionJson } from '../../reports/inspection-json';
import { fileStem } from '../../reports/format';

export const REPORT_FORMATS = ['pdf', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportFile {
  body: Buffer;
  contentType: string;
  filename: string;
}

/**
 * One inspection's damage report as a downloadable file. Default scope: reviewed and accepted
 * observations only; includeUnreviewed adds the pending ones, marked, and the ratings follow.
 */
export async function exportInspectionReport(
  ctx: Pick<ServiceContext, 'db' | 'store' | 'config'>,
  input: { inspectionId: string; format: string; includeUnreviewed?: boolean },
): Promise<ReportFile> {
  if (!(REPORT_FORMATS as readonly string[]).includes(input.format)) throw new ValidationError({ format: `Format must be one of ${REPORT_FORMATS.join(', ')}` });
  const format = input.format as ReportFormat;
  const report = await loadInspectionReport(ctx, { inspectionId: input.inspectionId, includeUnreviewed: input.includeUnreviewed ?? false });
  const stem = `${fileStem(report.segment.assetId)}_${report.segment.inspectionDate}${report.options.includeUnreviewed ? '_incl-unreviewed' : ''}`;
  if (format === 'csv') return { body: Buffer.from(inspectionCsv(report), 'utf8'), contentType: 'text/csv; charset=utf-8', filename: `${stem}.csv` };
  if (format === 'json') return { body: Buffer.from(JSON.stringify(inspectionJson(report), null, 2), 'utf8'), contentType: 'application/json; charset=utf-8', filename: `${stem}.json` };
  const images = await loadReportImages(ctx, report);
  return { body: await renderInspectionPdf(report, images), contentType: 'application/pdf', filename: `${stem}.pdf` };
}
