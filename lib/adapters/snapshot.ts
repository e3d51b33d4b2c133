import sharp, { type OverlayOptions } from 'sharp';

/**
 * Annotated snapshot for a reviewer and the report: the normalized frame, the class-
 * activation heatmap blended in, the box, and a caption band (code, grade, time, distance).
 * Text is drawn as SVG (DejaVu Sans from the system fonts; no network fonts).
 */
export interface SnapshotInput {
  frameJpeg: Buffer;
  /** The same frame already decoded (packed RGB24, width×height): skips decoding frameJpeg again. */
  frameRgb?: Uint8Array;
  width: number;
  height: number;
  /** RGBA at width×height, or null for a plain frame (manual observations). */
  overlay: Uint8Array | null;
  box: { x: number; y: number; width: number; height: number } | null;
  title: string;
  subtitle: string;
  /** CSS colour of the box and band accent (grade colour). */
  color: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export async function renderSnapshot(s: SnapshotInput): Promise<Buffer> {
  const { width: w, height: h } = s;
  const band = Math.max(28, Math.round(h * 0.085));
  const font = Math.round(band * 0.42);
  const layers: OverlayOptions[] = [];
  if (s.overlay) layers.push({ input: Buffer.from(s.overlay.buffer, s.overlay.byteOffset, s.overlay.byteLength), raw: { width: w, height: h, channels: 4 }, left: 0, top: 0 });
  const box = s.box
    ? `<rect x="${s.box.x}" y="${s.box.y}" width="${Math.max(1, s.box.width)}" height="${Math.max(1, s.box.height)}" fill="none" stroke="${s.color}" stroke-width="${Math.max(2, Math.round(w / 240))}"/>`
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
  ${box}
  <rect x="0" y="${h - band}" width="${w}" height="${band}" fill="rgba(15,23,42,0.82)"/>
  <rect x="0" y="${h - band}" width="${Math.round(band * 0.22)}" height="${band}" fill="${s.color}"/>
  <text x="${Math.round(band * 0.45)}" y="${h - Math.round(band * 0.33)}" font-family="DejaVu Sans, sans-serif" font-size="${font}" font-weight="bold" fill="#fff">${esc(s.title)}</text>
  <text x="${w - Math.round(band * 0.3)}" y="${h - Math.round(band * 0.33)}" font-family="DejaVu Sans, sans-serif" font-size="${Math.round(font * 0.9)}" fill="#e2e8f0" text-anchor="end">${esc(s.subtitle)}</text>
</svg>`;
  layers.push({ input: Buffer.from(svg), left: 0, top: 0 });
  if (s.frameRgb && s.frameRgb.length !== w * h * 3) throw new RangeError(`frameRgb holds ${s.frameRgb.length} bytes, ${w}x${h} RGB24 needs ${w * h * 3}`);
  const base = s.frameRgb ? sharp(s.frameRgb, { raw: { width: w, height: h, channels: 3 } }) : sharp(s.frameJpeg).resize(w, h, { fit: 'fill' });
  return base.composite(layers).jpeg({ quality: 85 }).toBuffer();
}

/** Grade colours shared by snapshots, charts and reports (1 green … 5 red). */
export const GRADE_COLORS: Record<number, string> = { 1: '#16a34a', 2: '#84cc16', 3: '#eab308', 4: '#f97316', 5: '#dc2626' };
