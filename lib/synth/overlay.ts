import type { Rng } from './prng';
import { GLYPH_H, GLYPH_W, glyph } from './font5x7';

/**
 * Burned-in CCTV overlay: date/time, segment id and the running distance, in
 * varying sizes, colours, positions and styles, as real inspection cameras print them.
 */
export interface OverlaySpec {
  enabled: boolean;
  scale: number; // glyph height as a fraction of the frame height
  color: [number, number, number];
  style: 'plain' | 'shadow' | 'outline' | 'box';
  bold: boolean;
  layout: 'top-left' | 'top-bottom' | 'bottom-left' | 'top-right';
  distancePrefix: string; // "LZ: ", "DIST ", …
  dateFormat: 'iso' | 'dmy' | 'mdy';
  startEpochS: number; // inspection start (UTC seconds)
  segmentId: string;
  extra: string | null; // e.g. "DN300 PVC"
}

const PREFIXES = ['LZ: ', 'LZ ', 'DIST ', 'D: ', '', 'M: '];
const COLORS: [number, number, number][] = [[255, 255, 255], [255, 255, 80], [120, 255, 120], [120, 230, 255], [255, 255, 255], [240, 240, 200]];

export function sampleOverlay(rng: Rng, extraLines?: string[]): OverlaySpec {
  const a = rng.int(100, 999);
  return {
    enabled: rng.chance(0.92),
    scale: rng.range(0.022, 0.045),
    color: rng.pick(COLORS),
    style: rng.pick(['plain', 'shadow', 'outline', 'box'] as const),
    bold: rng.chance(0.3),
    layout: rng.pick(['top-left', 'top-bottom', 'bottom-left', 'top-right'] as const),
    distancePrefix: rng.pick(PREFIXES),
    dateFormat: rng.pick(['iso', 'dmy', 'mdy'] as const),
    startEpochS: 1_500_000_000 + rng.int(0, 250_000_000),
    segmentId: `${rng.pick(['SCH', 'MH', 'S', 'KS'])}${a}-${rng.pick(['SCH', 'MH', 'S', 'KS'])}${a + rng.int(1, 9)}`,
    extra: extraLines?.[0] ?? (rng.chance(0.5) ? `DN${rng.pick([150, 200, 250, 300, 400, 500, 600])} ${rng.pick(['PVC', 'BETON', 'STZ', 'CONC', 'VC', 'GG'])}` : null),
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The overlay's distance text, e.g. "LZ: 012.40 m" (the string overlay OCR must read). */
export function formatDistance(spec: OverlaySpec, distanceM: number): string {
  const d = Math.max(0, distanceM);
  return `${spec.distancePrefix}${pad(Math.floor(d), 3)}.${pad(Math.floor((d % 1) * 100 + 1e-6), 2)} m`;
}

export function overlayLines(spec: OverlaySpec, distanceM: number, tS: number): string[] {
  const dt = new Date((spec.startEpochS + Math.floor(tS)) * 1000);
  const Y = dt.getUTCFullYear();
  const Mo = pad(dt.getUTCMonth() + 1, 2);
  const D = pad(dt.getUTCDate(), 2);
  const date = spec.dateFormat === 'iso' ? `${Y}-${Mo}-${D}` : spec.dateFormat === 'dmy' ? `${D}.${Mo}.${Y}` : `${Mo}/${D}/${Y}`;
  const time = `${pad(dt.getUTCHours(), 2)}:${pad(dt.getUTCMinutes(), 2)}:${pad(dt.getUTCSeconds(), 2)}`;
  const lines = [`${date} ${time}`, spec.segmentId, formatDistance(spec, distanceM)];
  if (spec.extra) lines.push(spec.extra);
  return lines;
}

function drawText(rgb: Uint8Array, w: number, h: number, text: string, x0: number, y0: number, px: number, spec: OverlaySpec): void {
  const cw = (GLYPH_W + 1) * px;
  const put = (x: number, y: number, c: readonly number[]) => {
    if (x < 0 || y < 0 || x >= w || y >= h) return;
    const i = (y * w + x) * 3;
    rgb[i] = c[0];
    rgb[i + 1] = c[1];
    rgb[i + 2] = c[2];
  };
  const black = [10, 10, 10];
  if (spec.style === 'box') {
    for (let y = y0 - 1; y < y0 + GLYPH_H * px + 1; y++) for (let x = x0 - 2; x < x0 + text.length * cw + 1; x++) put(x, y, black);
  }
  for (let k = 0; k < text.length; k++) {
    const g = glyph(text[k]);
    for (let gy = 0; gy < GLYPH_H; gy++)
      for (let gx = 0; gx < GLYPH_W; gx++) {
        if (!g[gy * GLYPH_W + gx]) continue;
        for (let sy = 0; sy < px; sy++)
          for (let sx = 0; sx < px + (spec.bold ? 1 : 0); sx++) {
            const x = x0 + k * cw + gx * px + sx;
            const y = y0 + gy * px + sy;
            if (spec.style === 'shadow') put(x + Math.max(1, px >> 1), y + Math.max(1, px >> 1), black);
            if (spec.style === 'outline') for (const [dx, dy] of [[-1, 0], [1, 0], [0, -1], [0, 1]]) put(x + dx, y + dy, black);
          }
      }
    for (let gy = 0; gy < GLYPH_H; gy++)
      for (let gx = 0; gx < GLYPH_W; gx++) {
        if (!g[gy * GLYPH_W + gx]) continue;
        for (let sy = 0; sy < px; sy++) for (let sx = 0; sx < px + (spec.bold ? 1 : 0); sx++) put(x0 + k * cw + gx * px + sx, y0 + gy * px + sy, spec.color);
      }
  }
}

/** Draws the overlay in place into packed RGB24. */
export function drawOverlay(rgb: Uint8Array, w: number, h: number, spec: OverlaySpec, lines: string[]): void {
  if (!spec.enabled) return;
  const px = Math.max(1, Math.round((spec.scale * h) / GLYPH_H));
  const lh = (GLYPH_H + 3) * px;
  const margin = Math.round(h * 0.03);
  const widthOf = (s: string) => s.length * (GLYPH_W + 1) * px;
  const at = (s: string, row: number, right: boolean, bottom: boolean) => {
    const x = right ? w - margin - widthOf(s) : margin;
    const y = bottom ? h - margin - (row + 1) * lh : margin + row * lh;
    drawText(rgb, w, h, s, x, y, px, spec);
  };
  const [dateLine, seg, dist, extra] = lines;
  switch (spec.layout) {
    case 'top-left':
      lines.forEach((s, i) => at(s, i, false, false));
      break;
    case 'top-bottom':
      at(dateLine, 0, false, false);
      at(seg, 1, false, false);
      at(dist, 0, false, true);
      // the extra line goes bottom-right unless it would run into the distance
      if (extra && widthOf(dist) + widthOf(extra) + 3 * margin < w) at(extra, 0, true, true);
      break;
    case 'bottom-left':
      lines.forEach((s, i) => at(s, lines.length - 1 - i, false, true));
      break;
    case 'top-right':
      at(dateLine, 0, true, false);
      at(dist, 1, true, false);
      at(seg, 0, false, true);
      if (extra) at(extra, 1, false, true);
      break;
    default:
      break;
  }
}
