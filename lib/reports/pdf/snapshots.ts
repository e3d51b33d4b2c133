import type { InspectionReport, ReportObservation } from '../types';
import { distanceRange, timeRange } from '../format';
import { CONTENT_WIDTH, INK, MUTED, PAGE, UNREVIEWED, heading, newPage, spaceLeft, type Doc } from './document';
import { gradeColor } from './colors';

/**
 * One annotated snapshot per observation (heatmap, box and caption band are already burned into
 * the JPEG by the analysis; manual observations get their plain frame with a caption band), two
 * per page, each with a caption that repeats the table row so a page can be read on its own.
 */
const IMAGE_MAX_H = 290;

export function drawSnapshots(doc: Doc, r: InspectionReport, images: ReadonlyMap<string, Buffer | null>): void {
  if (r.observations.length === 0) return;
  newPage(doc);
  heading(doc, 'Snapshots');
  for (const o of r.observations) {
    const img = images.get(o.id) ?? null;
    const size = img ? imageSize(doc, img) : null;
    const scale = size ? Math.min(CONTENT_WIDTH / size.w, IMAGE_MAX_H / size.h) : 0;
    const w = size ? size.w * scale : CONTENT_WIDTH;
    const h = size ? size.h * scale : 80;
    if (spaceLeft(doc) < h + 52) newPage(doc);
    const top = doc.y;
    const x = PAGE.left + (CONTENT_WIDTH - w) / 2;
    if (img) doc.image(img, x, top, { width: w, height: h });
    else {
      doc.rect(x, top, w, h).fillColor('#f1f5f9').fill();
      doc.font('R').fontSize(9).fillColor(MUTED).text('snapshot not available', x, top + h / 2 - 5, { width: w, align: 'center' });
    }
    doc.rect(x, top, w, h).lineWidth(0.5).strokeColor('#94a3b8').stroke();
    doc.y = top + h + 5;
    caption(doc, o, x, w);
    doc.y += 14;
  }
}

function caption(doc: Doc, o: ReportObservation, x: number, w: number): void {
  const y = doc.y;
  doc.rect(x, y, 4, 26).fillColor(gradeColor(o.grade)).fill();
  const title = `#${o.number}  ${o.code} — ${o.name} · grade ${o.grade} (${o.kind === 'structural' ? 'structural' : 'O&M'})`;
  doc.font('B').fontSize(9).fillColor(INK).text(title, x + 9, y, { width: w - 90, lineBreak: false, ellipsis: true });
  doc.font('B').fontSize(8).fillColor(o.reviewed ? '#15803d' : UNREVIEWED).text(o.reviewed ? 'reviewed' : 'UNREVIEWED', x + w - 80, y + 1, { width: 80, align: 'right', lineBreak: false });
  const conf = o.source === 'manual' ? 'added by an engineer' : `confidence ${o.confidence.toFixed(2)}`;
  const line2 = `${distanceRange(o.startM, o.endM)} m · ${timeRange(o.startS, o.endS)} · ${conf} · nearest PACP ${o.nearest.pacp} · EN ${o.nearest.en13508} · KR ${o.nearest.korean}${o.remark ? ` · “${o.remark}”` : ''}`;
  doc.font('R').fontSize(7.5).fillColor(MUTED).text(line2, x + 9, y + 13, { width: w - 9 });
}

/** Pixel size of a JPEG/PNG as PDFKit reads it (openImage caches by buffer, so no double decode). */
function imageSize(doc: Doc, img: Buffer): { w: number; h: number } | null {
  try {
    const im = (doc as unknown as { openImage(b: Buffer): { width: number; height: number } }).openImage(img);
    return { w: im.width, h: im.height };
  } catch {
    return null;
  }
}
