import type { Rating } from '../../analysis/ratings';
import type { InspectionReport } from '../types';
import { DEFECT_CLASSES } from '../../taxonomy/codes';
import { CONTENT_WIDTH, INK, MUTED, PAGE, RULE, heading, newPage, type Doc } from './document';
import { gradeColor, gradeTextColor } from './colors';
import { drawPipeStrip } from './pipe-strip';

/** Page 2: ratings (structural / O&M / overall), the pipe strip, and counts per code. */
export function drawSummary(doc: Doc, r: InspectionReport): void {
  newPage(doc);
  heading(doc, 'Condition summary');
  ratingsTable(doc, r);
  doc.moveDown(1.2);
  heading(doc, 'Observations along the pipe');
  if (r.observations.length === 0) doc.font('R').fontSize(9).fillColor(MUTED).text('No observations in this report.', PAGE.left, doc.y).moveDown(1);
  drawPipeStrip(doc, r);
  doc.moveDown(1);
  heading(doc, 'Observations by code');
  codeTable(doc, r);
}

const COLS = [
  { t: '', w: 85 },
  { t: 'Occurrences', w: 62 },
  { t: 'Segment rating', w: 70 },
  { t: 'Rating index', w: 62 },
  { t: 'Quick rating', w: 66 },
  { t: 'Grade 1', w: 34 },
  { t: 'Grade 2', w: 34 },
  { t: 'Grade 3', w: 34 },
  { t: 'Grade 4', w: 34 },
  { t: 'Grade 5', w: 34 },
];

function ratingsTable(doc: Doc, r: InspectionReport): void {
  let y = doc.y;
  let x = PAGE.left;
  doc.font('B').fontSize(7.5).fillColor(MUTED);
  for (const c of COLS) {
    doc.text(c.t, x, y, { width: c.w - 4, align: c.t ? 'right' : 'left', lineBreak: false });
    x += c.w;
  }
  y += 13;
  const rows: [string, Rating][] = [['Structural', r.ratings.structural], ['O&M', r.ratings.om], ['Overall', r.ratings.overall]];
  for (const [label, rt] of rows) {
    doc.moveTo(PAGE.left, y - 3).lineTo(PAGE.left + CONTENT_WIDTH, y - 3).lineWidth(0.4).strokeColor(RULE).stroke();
    const cells = [label, String(rt.count), String(rt.rating), rt.index.toFixed(2), rt.quick, ...rt.countByGrade.map(String)];
    x = PAGE.left;
    cells.forEach((cell, i) => {
      const bold = i === 0 || i === 4;
      if (i >= 5 && rt.countByGrade[i - 5] > 0) doc.rect(x + COLS[i].w - 26, y - 2, 22, 13).fillColor(gradeColor(i - 4)).fill();
      doc.font(bold ? 'B' : 'R').fontSize(i === 4 ? 11 : 9).fillColor(i >= 5 && rt.countByGrade[i - 5] > 0 ? gradeTextColor(i - 4) : INK);
      doc.text(cell, x, y, { width: COLS[i].w - 4 - (i >= 5 ? 4 : 0), align: i ? 'right' : 'left', lineBreak: false });
      x += COLS[i].w;
    });
    y += 18;
  }
  doc.x = PAGE.left;
  doc.y = y;
}

function codeTable(doc: Doc, r: InspectionReport): void {
  const by = new Map<string, { n: number; worst: number; unreviewed: number }>();
  for (const o of r.observations) {
    const e = by.get(o.code) ?? { n: 0, worst: 0, unreviewed: 0 };
    e.n += 1;
    e.worst = Math.max(e.worst, o.grade);
    if (!o.reviewed) e.unreviewed += 1;
    by.set(o.code, e);
  }
  if (by.size === 0) {
    doc.font('R').fontSize(9).fillColor(MUTED).text('—', PAGE.left, doc.y);
    return;
  }
  const widths = [40, 190, 70, 60, 70, 85];
  const head = ['Code', 'Name', 'Type', 'Count', 'Worst grade', 'Unreviewed'];
  let y = doc.y;
  let x = PAGE.left;
  doc.font('B').fontSize(7.5).fillColor(MUTED);
  head.forEach((h, i) => {
    doc.text(h, x, y, { width: widths[i] - 4, lineBreak: false });
    x += widths[i];
  });
  y += 12;
  for (const c of DEFECT_CLASSES) {
    const e = by.get(c.code);
    if (!e) continue;
    doc.moveTo(PAGE.left, y - 2).lineTo(PAGE.left + CONTENT_WIDTH, y - 2).lineWidth(0.4).strokeColor(RULE).stroke();
    x = PAGE.left;
    const cells = [c.code, c.name, c.kind === 'structural' ? 'structural' : 'O&M', String(e.n), String(e.worst), e.unreviewed ? String(e.unreviewed) : '—'];
    cells.forEach((cell, i) => {
      doc.font(i === 0 ? 'B' : 'R').fontSize(8.5).fillColor(INK).text(cell, x, y, { width: widths[i] - 4, lineBreak: false, ellipsis: true });
      x += widths[i];
    });
    y += 14;
    if (y > PAGE.height - PAGE.bottom - 20) {
      newPage(doc);
      y = doc.y;
    }
  }
  doc.x = PAGE.left;
  doc.y = y;
}
