import fs from 'node:fs';
import type { ServiceContext } from '../services/context';
import { exportInspectionReport } from '../services/reports/export-report';

/**
 * The PDF for `sewer analyze VIDEO --pdf OUT.pdf`. Headless runs have had no review, so the
 * default here includes unreviewed observations (marked UNREVIEWED in the report); pass
 * { includeUnreviewed: false } for the download default (reviewed + accepted only).
 */
export async function writeInspectionPdf(ctx: ServiceContext, inspectionId: string, outFile: string, opts: { includeUnreviewed?: boolean } = {}): Promise<void> {
  const file = await exportInspectionReport(ctx, { inspectionId, format: 'pdf', includeUnreviewed: opts.includeUnreviewed ?? true });
  await fs.promises.writeFile(outFile, file.body);
}
