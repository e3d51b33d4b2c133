import type { InspectionReport, ReportObservation } from '../types';
import { CONTENT_WIDTH, INK, MUTED, PAGE, RULE, UNREVIEWED, type Doc } from './document';
import { gradeColor } from './colors';

/**
 * The pipe drawn from the upstream to the downstream manhole (or the reverse, in the inspection's
 * direction of travel as the video runs), with one bar per observation over its distance range:
 * structural lane above the pipe axis, O&M lane below, bars coloured by grade, numbered like the
 * table. Unreviewed bars are hatched-outlined in orange. Observations without a distance are placed
 * by video time scaled to the segment length (and the axis note says so).
 */
export const STRIP_HEIGHT = 176;

export function stripPosition(o: Pick<ReportObservation, 'startM' | 'endM' | 'startS' | 'endS'>, lengthM: number, durationS: number | null): { from: number; to: number; estimated: boolean } {
  if (o.startM != null) return { from: o.startM, to: o.endM ?? o.startM, estimated: false };
  const d = durationS && durationS > 0 ? durationS : 1;
  return { from: (o.startS / d) * lengthM, to: (o.endS / d) * lengthM, estimated: true };
}

/** A tick step of 1, 2 or 5 × 10^k that gives at most ~10 ticks. */
export function tickStep(lengthM: number): number {
  const raw = Math.max(lengthM, 1) / 10;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

export function drawPipeStrip(doc: Doc, r: InspectionReport): void {
  const top = doc.y;
  const x0 = PAGE.left + 46;
  const x1 = PAGE.left + CONTENT_WIDTH - 46;
  const maxObserved = Math.max(0, ...r.observations.map((o) => stripPosition(o, r.segment.lengthM, r.inspection.video?.durationS ?? null).to));
  const length = Math.max(r.segment.lengthM, maxObserved, 1);
  const sx = (m: number) => x0 + (Math.min(Math.max(m, 0), length) / length) * (x1 - x0);
  const axisY = top + 62;
  const laneH = 22;

  // Pipe body and manholes.
  doc.rect(x0, axisY - 5, x1 - x0, 10).fillColor('#e2e8f0').fill();
  for (const [x, label] of [[x0, r.segment.upstreamManhole], [x1, r.segment.downstreamManhole]] as const) {
    doc.circle(x, axisY, 9).fillColor('#ffffff').fill().circle(x, axisY, 9).lineWidth(1.2).strokeColor(INK).stroke();
    doc.font('B').fontSize(7.5).fillColor(INK).text(label, x - 44, axisY + 84, { width: 88, align: 'center', lineBreak: false, ellipsis: true });
  }
  doc.font('R').fontSize(7).fillColor(MUTED);
  doc.text('Structural', PAGE.left, axisY - 6 - laneH + 6, { width: 40, lineBreak: false });
  doc.text('O&M', PAGE.left, axisY + 6 + 6, { width: 40, lineBreak: false });

  // Distance ticks below the O&M lane and its number labels.
  const step = tickStep(length);
  const tickY = axisY + 64;
  doc.moveTo(x0, tickY).lineTo(x1, tickY).lineWidth(0.5).strokeColor(RULE).stroke();
  for (let m = 0; m <= length + 1e-6; m += step) {
    const x = sx(m);
    doc.moveTo(x, tickY).lineTo(x, tickY + 3).strokeColor(MUTED).stroke();
    doc.font('R').fontSize(6.5).fillColor(MUTED).text(`${+m.toFixed(1)}`, x - 15, tickY + 5, { width: 30, align: 'center', lineBreak: false });
  }

  // Observation bars; labels stagger over three rows so neighbouring numbers stay readable.
  const lastLabelX = { structural: [-Infinity, -Infinity, -Infinity], om: [-Infinity, -Infinity, -Infinity] };
  let estimated = false;
  const placed = packRows(r.observations.map((o) => {
    const p = stripPosition(o, r.segment.lengthM, r.inspection.video?.durationS ?? null);
    estimated ||= p.estimated;
    const a = sx(Math.min(p.from, p.to));
    return { o, a, w: Math.max(2.5, sx(Math.max(p.from, p.to)) - a) };
  }));
  for (const { o, a, w, row, rows } of placed) {
    const h = laneH / rows;
    const y = (o.kind === 'structural' ? axisY - 6 - laneH : axisY + 6) + row * h;
    doc.rect(a, y, w, h).fillColor(gradeColor(o.grade)).fillOpacity(o.reviewed ? 0.95 : 0.55).fill().fillOpacity(1);
    if (!o.reviewed) doc.rect(a, y, w, h).lineWidth(1).dash(2, { space: 1.5 }).strokeColor(UNREVIEWED).stroke().undash();
    const labels = lastLabelX[o.kind];
    const free = labels.findIndex((lx) => a - lx > 14);
    const k = free < 0 ? 0 : free;
    labels[k] = a;
    const ly = o.kind === 'structural' ? axisY - 6 - laneH - 10 - k * 8 : axisY + 6 + laneH + 2 + k * 8;
    doc.font('B').fontSize(6.5).fillColor(INK).text(String(o.number), a - 6 + w / 2, ly, { width: 12, align: 'center', lineBreak: false });
  }

  doc.font('R').fontSize(7).fillColor(MUTED).text(
    `distance from ${r.segment.upstreamManhole} (m), direction of travel ${r.segment.direction}${estimated ? '; observations without a distance are placed by video time' : ''}`,
    x0 + 50, axisY + 84, { width: x1 - x0 - 100, align: 'center' },
  );
  legend(doc, PAGE.left, axisY + 102);
  doc.x = PAGE.left;
  doc.y = top + STRIP_HEIGHT + 6;
}

/**
 * Overlapping bars in one lane (e.g. a crack inside a deformed stretch) go to sub-rows so neither
 * hides the other: greedy interval packing per lane, at most three sub-rows (then the row that
 * frees up first is shared).
 */
function packRows<T extends { o: ReportObservation; a: number; w: number }>(items: T[]): (T & { row: number; rows: number })[] {
  const out: (T & { row: number; rows: number })[] = [];
  for (const kind of ['structural', 'om'] as const) {
    const lane = items.filter((i) => i.o.kind === kind).sort((x, y) => x.a - y.a);
    const ends: number[] = [];
    const rowOf = lane.map((i) => {
      let row = ends.findIndex((e) => e + 1 <= i.a);
      if (row < 0) row = ends.length < 3 ? ends.length : ends.indexOf(Math.min(...ends));
      ends[row] = i.a + i.w;
      return row;
    });
    lane.forEach((i, k) => out.push({ ...i, row: rowOf[k], rows: Math.max(1, ends.length) }));
  }
  return out;
}

function legend(doc: Doc, x: number, y: number): void {
  let cx = x;
  doc.font('R').fontSize(7).fillColor(MUTED).text('Grade:', cx, y, { lineBreak: false });
  cx += 28;
  for (let g = 1; g <= 5; g++) {
    doc.rect(cx, y, 10, 8).fillColor(gradeColor(g)).fill();
    doc.fillColor(INK).text(String(g), cx + 13, y, { lineBreak: false });
    cx += 26;
  }
  doc.rect(cx + 8, y, 10, 8).fillColor(gradeColor(3)).fillOpacity(0.55).fill().fillOpacity(1);
  doc.rect(cx + 8, y, 10, 8).lineWidth(1).dash(2, { space: 1.5 }).strokeColor(UNREVIEWED).stroke().undash();
  doc.fillColor(MUTED).text('unreviewed', cx + 22, y, { lineBreak: false });
}
