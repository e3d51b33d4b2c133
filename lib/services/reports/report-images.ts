import sharp from 'sharp';
import { renderSnapshot } from '../../adapters/snapshot';
import { gradeColor } from '../../reports/pdf/colors';
import { metres, videoCounter } from '../../reports/format';
import type { InspectionReport, ReportObservation } from '../../reports/types';
import type { ServiceContext } from '../context';
import { frameImage } from '../frames/frame-image';

/**
 * The picture of each exported observation for the PDF. Model observations use the annotated
 * snapshot the analysis wrote (heatmap + box); manual ones their plain normalized best frame.
 * The caption band is redrawn either way: after a relabel or regrade the burned-in caption would
 * show the model's original code and grade, and unreviewed observations must say so on the image.
 * Paths are derived from ids (as the snapshot route does), never from a stored key.
 */
export async function loadReportImages(ctx: Pick<ServiceContext, 'store' | 'config'>, r: InspectionReport): Promise<Map<string, Buffer | null>> {
  const out = new Map<string, Buffer | null>();
  for (const o of r.observations) {
    const annotated = o.source === 'model' ? await ctx.store.read(ctx.store.snapshotPath(r.inspection.id, o.id)) : null;
    const base = annotated ?? (await frameImage(ctx, r.inspection.id, o.bestFrameIndex, 'norm'));
    out.set(o.id, base ? await recaption(base, o) : null);
  }
  return out;
}

async function recaption(jpeg: Buffer, o: ReportObservation): Promise<Buffer> {
  const { width, height } = await sharp(jpeg).metadata();
  if (!width || !height) return jpeg;
  // Same band height as renderSnapshot; painted opaque first so the old caption cannot show through.
  const band = Math.max(28, Math.round(height * 0.085));
  const cover = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect x="0" y="${height - band}" width="${width}" height="${band}" fill="#0f172a"/></svg>`;
  const blank = await sharp(jpeg).composite([{ input: Buffer.from(cover), left: 0, top: 0 }]).jpeg({ quality: 90 }).toBuffer();
  // Short on purpose: the band's font scales with the image height, and the PDF caption below has the rest.
  const where = o.startM != null ? ` · ${metres(o.startM)} m` : '';
  return renderSnapshot({
    frameJpeg: blank,
    width,
    height,
    overlay: null,
    box: null,
    title: `#${o.number} ${o.code} · grade ${o.grade}`,
    subtitle: `${videoCounter(o.startS)}${where}${o.reviewed ? '' : ' · UNREVIEWED'}`,
    color: gradeColor(o.grade),
  });
}
