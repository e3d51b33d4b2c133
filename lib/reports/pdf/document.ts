import PDFDocument from 'pdfkit';
import { reportFonts } from '../fonts';

/** A4 portrait in PostScript points (1/72 in); margins leave room for the running header and footer. */
export const PAGE = { width: 595.28, height: 841.89, left: 40, right: 40, top: 64, bottom: 54 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

export const INK = '#0f172a';
export const MUTED = '#64748b';
export const RULE = '#cbd5e1';
export const ACCENT = '#0f766e';
export const UNREVIEWED = '#c2410c';

export type Doc = PDFKit.PDFDocument;

export function createDocument(info: { title: string; subject: string }): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
    bufferPages: true,
    autoFirstPage: false,
    info: { Title: info.title, Subject: info.subject, Creator: 'sewer-inspect', Producer: 'sewer-inspect (PDFKit)' },
  });
  const fonts = reportFonts();
  doc.registerFont('R', fonts.regular);
  doc.registerFont('B', fonts.bold);
  // Colours and fonts are page content: set them in newPage(), not before the first page exists.
  return doc;
}

export function newPage(doc: Doc): void {
  doc.addPage();
  doc.font('R').fontSize(9).fillColor(INK);
  doc.x = PAGE.left;
  doc.y = PAGE.top;
}

/** Room left on the current page below doc.y, in points. */
export function spaceLeft(doc: Doc): number {
  return PAGE.height - PAGE.bottom - doc.y;
}

export function heading(doc: Doc, text: string): void {
  doc.font('B').fontSize(15).fillColor(INK).text(text, PAGE.left, doc.y, { width: CONTENT_WIDTH });
  doc.moveDown(0.4);
}

/**
 * Header and "Page n of N" footer on every page, drawn once all pages exist (bufferPages).
 * The bottom margin is lifted while writing so the footer never spills onto a new page.
 */
export function stampPages(doc: Doc, header: { left: string; right: string }, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    const w = CONTENT_WIDTH;
    doc.font('B').fontSize(8.5).fillColor(ACCENT).text(header.left, PAGE.left, 30, { width: w * 0.6, lineBreak: false, ellipsis: true });
    doc.font('R').fontSize(8.5).fillColor(MUTED).text(header.right, PAGE.left + w * 0.4, 30, { width: w * 0.6, align: 'right', lineBreak: false, ellipsis: true });
    doc.moveTo(PAGE.left, 44).lineTo(PAGE.width - PAGE.right, 44).lineWidth(0.6).strokeColor(RULE).stroke();
    const fy = PAGE.height - 36;
    doc.moveTo(PAGE.left, fy - 6).lineTo(PAGE.width - PAGE.right, fy - 6).lineWidth(0.6).strokeColor(RULE).stroke();
    doc.font('R').fontSize(7.5).fillColor(MUTED).text(footer, PAGE.left, fy, { width: w * 0.8, lineBreak: false, ellipsis: true });
    doc.font('B').fontSize(8).fillColor(INK).text(`Page ${i - range.start + 1} of ${range.count}`, PAGE.left + w * 0.8, fy, { width: w * 0.2, align: 'right', lineBreak: false });
    doc.page.margins = margins;
  }
}

export function toBuffer(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
