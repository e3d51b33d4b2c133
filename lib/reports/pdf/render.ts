import type { InspectionReport } from '../types';
import { createDocument, stampPages, toBuffer } from './document';
import { drawCover } from './cover';
import { drawSummary } from './summary';
import { drawObservationTable } from './observation-table';
import { drawSnapshots } from './snapshots';

/**
 * The damage report PDF: cover, condition summary with the pipe strip, observation table,
 * then one snapshot per observation. `images` maps observation id → JPEG (null when missing).
 * Pure apart from reading the shipped font files; no network, no system fonts.
 */
export async function renderInspectionPdf(r: InspectionReport, images: ReadonlyMap<string, Buffer | null>): Promise<Buffer> {
  const s = r.segment;
  const doc = createDocument({ title: `Inspection report ${s.assetId}`, subject: `${s.upstreamManhole} → ${s.downstreamManhole}, ${s.inspectionDate}` });
  drawCover(doc, r);
  drawSummary(doc, r);
  drawObservationTable(doc, r);
  drawSnapshots(doc, r, images);
  const scope = r.options.includeUnreviewed ? 'includes unreviewed observations (marked)' : 'reviewed observations only';
  stampPages(
    doc,
    { left: `Inspection report · ${s.assetId}`, right: `${s.upstreamManhole} → ${s.downstreamManhole} · ${s.inspectionDate}` },
    `Generated ${r.generatedAt.slice(0, 10)} · ${r.model ? `model ${r.model.name}@${r.model.version}` : 'no model'} · ${scope}`,
  );
  return toBuffer(doc);
}
