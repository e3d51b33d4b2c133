import type { InspectionReport } from '../types';
import { videoCounter } from '../format';
import { ACCENT, CONTENT_WIDTH, INK, MUTED, PAGE, RULE, UNREVIEWED, newPage, type Doc } from './document';
import { gradeColor } from './colors';

/** Page 1: what was inspected, when, by whom, with which model, and the scope of the export. */
export function drawCover(doc: Doc, r: InspectionReport): void {
  newPage(doc);
  const s = r.segment;
  const v = r.inspection.video;
  doc.font('R').fontSize(11).fillColor(MUTED).text('Sewer CCTV inspection report', PAGE.left, PAGE.top + 10);
  doc.font('B').fontSize(28).fillColor(INK).text(s.assetId, { width: CONTENT_WIDTH });
  doc.font('R').fontSize(12).fillColor(INK).text(`${s.upstreamManhole} → ${s.downstreamManhole}${s.location ? ` · ${s.location}` : ''}`, { width: CONTENT_WIDTH });
  doc.moveDown(1.2);

  quickRatingBand(doc, r);
  doc.moveDown(1);

  const rows: [string, string][] = [
    ['Segment (asset id)', s.assetId],
    ['Location', s.location || '—'],
    ['Manholes', `upstream ${s.upstreamManhole} → downstream ${s.downstreamManhole}`],
    ['Diameter', `${s.diameterMm} mm`],
    ['Material', s.material],
    ['Length', `${s.lengthM.toFixed(1)} m`],
    ['Direction', s.direction],
    ['Inspection date', s.inspectionDate],
    ['Operator', s.operator || '—'],
    ['Video file', r.inspection.originalFilename],
    ['Video', v ? `${v.width}×${v.height}, ${v.codec}, ${v.fps.toFixed(2)} fps, ${videoCounter(v.durationS)} (${v.durationS.toFixed(1)} s)` : '—'],
    ['Frames analysed', `${r.frames.count} (sampled at ${r.inspection.sampleFps} fps)`],
    ['Model version', r.model ? `${r.model.name}@${r.model.version}` : '—'],
    ['Reviewer(s)', r.reviewers.length ? r.reviewers.join(', ') : 'none (not reviewed yet)'],
    ['Inspection id', r.inspection.id],
    ['Report generated', r.generatedAt.replace('T', ' ').slice(0, 16) + ' UTC'],
  ];
  const labelW = 130;
  for (const [k, val] of rows) {
    const y = doc.y;
    const h = Math.max(doc.font('R').fontSize(10).heightOfString(val, { width: CONTENT_WIDTH - labelW }), 12);
    doc.font('R').fontSize(9).fillColor(MUTED).text(k, PAGE.left, y + 1, { width: labelW - 8 });
    doc.font('R').fontSize(10).fillColor(INK).text(val, PAGE.left + labelW, y, { width: CONTENT_WIDTH - labelW });
    doc.y = y + h + 5;
    doc.moveTo(PAGE.left, doc.y - 2.5).lineTo(PAGE.left + CONTENT_WIDTH, doc.y - 2.5).lineWidth(0.4).strokeColor(RULE).stroke();
  }

  doc.moveDown(1);
  const n = r.observations.length;
  const unreviewed = r.observations.filter((o) => !o.reviewed).length;
  const scope = r.options.includeUnreviewed
    ? `${n} observation(s), including ${unreviewed} the model proposed that no engineer has reviewed yet — each is marked UNREVIEWED.`
    : `${n} observation(s) reviewed and accepted by an engineer.${r.omitted.pending ? ` ${r.omitted.pending} unreviewed model observation(s) are left out.` : ''}`;
  doc.font('B').fontSize(10).fillColor(r.options.includeUnreviewed && unreviewed ? UNREVIEWED : ACCENT).text('Scope of this report', PAGE.left, doc.y);
  doc.font('R').fontSize(9.5).fillColor(INK).text(`${scope}${r.omitted.rejected ? ` ${r.omitted.rejected} rejected observation(s) are not reported.` : ''} Ratings are computed over the reported observations only.`, { width: CONTENT_WIDTH });
  doc.moveDown(0.8);
  doc.font('R').fontSize(8).fillColor(MUTED).text(
    'Observation codes are the 17 Sewer-ML classes. PACP, EN 13508-2 and Korean codes are the nearest equivalents, not a certified coding. ' +
      'Grades (1 minor … 5 severe) of model observations are PACP-style estimates from the class, confidence and extent, until an engineer confirms them. ' +
      'Segment rating = Σ grade × occurrences; rating index = rating ÷ occurrences; quick rating = highest grade and its count, then the next grade and its count.',
    { width: CONTENT_WIDTH },
  );
}

/** Three boxes: structural, O&M and overall quick rating, coloured by the worst grade. */
function quickRatingBand(doc: Doc, r: InspectionReport): void {
  const y = doc.y;
  const w = (CONTENT_WIDTH - 20) / 3;
  const parts: [string, InspectionReport['ratings']['overall']][] = [
    ['Structural', r.ratings.structural],
    ['O&M', r.ratings.om],
    ['Overall', r.ratings.overall],
  ];
  parts.forEach(([label, rt], i) => {
    const x = PAGE.left + i * (w + 10);
    const worst = Number(rt.quick[0]);
    doc.roundedRect(x, y, w, 62, 6).fillColor('#f8fafc').fill();
    doc.rect(x, y, 5, 62).fillColor(worst ? gradeColor(worst) : RULE).fill();
    doc.font('R').fontSize(8.5).fillColor(MUTED).text(`${label} quick rating`, x + 14, y + 8, { width: w - 20 });
    doc.font('B').fontSize(22).fillColor(INK).text(rt.quick, x + 14, y + 21, { width: w - 20, characterSpacing: 1 });
    doc.font('R').fontSize(8).fillColor(MUTED).text(`rating ${rt.rating} · index ${rt.index.toFixed(2)}`, x + 14, y + 47, { width: w - 20 });
  });
  doc.x = PAGE.left;
  doc.y = y + 62;
}
