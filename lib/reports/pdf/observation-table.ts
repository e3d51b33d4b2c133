import type { InspectionReport, ReportObservation } from '../types';
import { distanceRange, timeRange } from '../format';
import { CONTENT_WIDTH, INK, MUTED, PAGE, RULE, UNREVIEWED, heading, newPage, spaceLeft, type Doc } from './document';
import { gradeColor, gradeTextColor } from './colors';

/**
 * The observation list: one row per observation in distance order, the header repeated on every
 * page. Codes are the Sewer-ML class with its nearest PACP / EN 13508-2 / Korean codes (labelled
 * "nearest"). Widths sum to the A4 content width (515 pt).
 */
interface Col {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
  cell: (o: ReportObservation) => string;
}

const COLS: Col[] = [
  { title: '#', width: 18, align: 'right', cell: (o) => String(o.number) },
  { title: 'Distance (m)', width: 52, align: 'right', cell: (o) => distanceRange(o.startM, o.endM) },
  { title: 'Time', width: 50, align: 'right', cell: (o) => timeRange(o.startS, o.endS) },
  { title: 'Code', width: 30, cell: (o) => o.code },
  { title: 'Name', width: 80, cell: (o) => `${o.name}${o.modelCode && o.modelCode !== o.code ? ` (model: ${o.modelCode})` : ''}` },
  { title: 'Nearest PACP / EN 13508-2 / KR', width: 96, cell: (o) => `PACP ${o.nearest.pacp}\nEN ${o.nearest.en13508}\nKR ${o.nearest.korean}` },
  { title: 'Grade', width: 34, align: 'center', cell: (o) => String(o.grade) },
  { title: 'Conf.', width: 34, align: 'right', cell: (o) => (o.source === 'manual' ? 'manual' : o.confidence.toFixed(2)) },
  { title: 'Reviewed', width: 56, cell: (o) => (o.reviewed ? 'yes' : 'no\nUNREVIEWED') },
  { title: 'Remark', width: 65, cell: (o) => o.remark || '' },
];
const FONT_SIZE = 7.5;
const PAD = 3;

export function drawObservationTable(doc: Doc, r: InspectionReport): void {
  newPage(doc);
  heading(doc, `Observations (${r.observations.length})`);
  if (r.observations.length === 0) {
    doc.font('R').fontSize(9).fillColor(MUTED).text(
      r.omitted.pending ? `No reviewed observations yet; ${r.omitted.pending} unreviewed observation(s) can be included with the "include unreviewed" option.` : 'No observations.',
      { width: CONTENT_WIDTH },
    );
    return;
  }
  headerRow(doc);
  r.observations.forEach((o, i) => {
    const texts = COLS.map((c) => c.cell(o));
    doc.font('R').fontSize(FONT_SIZE);
    const h = Math.max(...texts.map((t, k) => doc.heightOfString(t || ' ', { width: COLS[k].width - 2 * PAD }))) + 2 * PAD;
    if (spaceLeft(doc) < h) {
      newPage(doc);
      headerRow(doc);
    }
    const y = doc.y;
    if (i % 2 === 1) doc.rect(PAGE.left, y, CONTENT_WIDTH, h).fillColor('#f8fafc').fill();
    if (!o.reviewed) doc.rect(PAGE.left, y, 2, h).fillColor(UNREVIEWED).fill();
    let x = PAGE.left;
    COLS.forEach((c, k) => {
      if (c.title === 'Grade') {
        doc.roundedRect(x + c.width / 2 - 9, y + PAD - 1, 18, 11, 2).fillColor(gradeColor(o.grade)).fill();
        doc.font('B').fontSize(FONT_SIZE + 0.5).fillColor(gradeTextColor(o.grade)).text(texts[k], x, y + PAD, { width: c.width, align: 'center', lineBreak: false });
      } else {
        const bold = c.title === 'Code' || c.title === '#';
        const color = c.title === 'Reviewed' && !o.reviewed ? UNREVIEWED : INK;
        doc.font(bold || (c.title === 'Reviewed' && !o.reviewed) ? 'B' : 'R').fontSize(FONT_SIZE).fillColor(color);
        doc.text(texts[k], x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left' });
      }
      x += c.width;
    });
    doc.moveTo(PAGE.left, y + h).lineTo(PAGE.left + CONTENT_WIDTH, y + h).lineWidth(0.3).strokeColor(RULE).stroke();
    doc.x = PAGE.left;
    doc.y = y + h;
  });
  doc.moveDown(0.6);
  doc.font('R').fontSize(7).fillColor(MUTED).text(
    'Nearest: the closest code of each standard to the Sewer-ML class, for orientation only. Conf.: peak classifier confidence (manual = added by an engineer). ' +
      'Grades of unreviewed observations are the model\'s estimate.',
    PAGE.left, doc.y, { width: CONTENT_WIDTH },
  );
}

function headerRow(doc: Doc): void {
  const y = doc.y;
  const h = 22;
  doc.rect(PAGE.left, y, CONTENT_WIDTH, h).fillColor('#e2e8f0').fill();
  let x = PAGE.left;
  doc.font('B').fontSize(7).fillColor(INK);
  for (const c of COLS) {
    doc.text(c.title, x + PAD, y + 4, { width: c.width - 2 * PAD, align: c.align ?? 'left', height: h - 4 });
    x += c.width;
  }
  doc.x = PAGE.left;
  doc.y = y + h;
}
