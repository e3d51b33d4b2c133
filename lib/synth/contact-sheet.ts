import sharp, { type OverlayOptions } from 'sharp';
import { DEFECT_CODES, defectClass, type DefectCode } from '../taxonomy/codes';
import { renderFrame } from './frame';

/**
 * A labelled grid of renders: one tile per class (plus a normal frame), `rows` variants each,
 * for eyeballing the generator and for the committed sample sheet (PNG, palette-quantised to stay small).
 */
export interface SheetOptions {
  out: string;
  seed: number;
  rows?: number;
  tileW?: number;
  tileH?: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function writeContactSheet(opt: SheetOptions): Promise<{ out: string; bytes: number }> {
  const tileW = opt.tileW ?? 200;
  const tileH = opt.tileH ?? 160;
  const rows = opt.rows ?? 2;
  const items: (DefectCode | 'normal')[] = ['normal', ...DEFECT_CODES];
  const cols = items.length;
  const labelH = 26;
  const tiles: OverlayOptions[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const item = items[c];
      const f = renderFrame(opt.seed + r * 1000, c, { width: tileW, height: tileH, codes: item === 'normal' ? [] : [item] });
      const d = f.scene.defects[0];
      const title = item === 'normal' ? 'normal (ND)' : `${item} ${defectClass(item).name}`;
      const sub = `${d ? d.variant + ' · ' : ''}${f.scene.material} · water ${['<5', '5-15', '15-30', '>=30'][f.scene.waterBin]}%`;
      const svg = `<svg width="${tileW}" height="${labelH}" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#111"/>` +
        `<text x="3" y="11" font-family="DejaVu Sans, sans-serif" font-size="10" font-weight="bold" fill="#fff">${esc(title)}</text>` +
        `<text x="3" y="23" font-family="DejaVu Sans, sans-serif" font-size="9" fill="#bbb">${esc(sub)}</text></svg>`;
      const tile = await sharp(Buffer.from(f.rgb), { raw: { width: tileW, height: tileH, channels: 3 } })
        .extend({ bottom: labelH, background: '#111' })
        .composite([{ input: Buffer.from(svg), top: tileH, left: 0 }])
        .png()
        .toBuffer();
      tiles.push({ input: tile, left: (c % 9) * tileW, top: (Math.floor(c / 9) + r * Math.ceil(cols / 9)) * (tileH + labelH) });
    }
  }
  const gridRows = Math.ceil(cols / 9) * rows;
  const info = await sharp({ create: { width: 9 * tileW, height: gridRows * (tileH + labelH), channels: 3, background: '#000' } })
    .composite(tiles)
    .png({ palette: true, quality: 90, effort: 8, compressionLevel: 9 })
    .toFile(opt.out);
  return { out: opt.out, bytes: info.size };
}
