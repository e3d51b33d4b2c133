import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { DEFECT_CODES, WATER_LEVELS } from '../taxonomy/codes';
import { renderFrame, type RenderedFrame, type StillOptions } from './frame';

/**
 * Writes a Sewer-ML-format dataset: DIR/images/*.jpg, DIR/labels.csv
 * (Filename, one 0/1 column per code in DEFECT_CODES order, ND, VA) and DIR/meta.jsonl.
 */
export const CSV_HEADER = ['Filename', ...DEFECT_CODES, 'ND', 'VA'].join(',');

export interface DatasetOptions extends StillOptions {
  out: string;
  count: number;
  seed: number;
  format?: 'jpg' | 'png';
  onProgress?: (done: number, total: number) => void;
}

export function csvRow(file: string, f: Pick<RenderedFrame, 'codes'> & { waterBin: number }): string {
  const set = new Set(f.codes);
  return [file, ...DEFECT_CODES.map((c) => (set.has(c) ? 1 : 0)), f.codes.length === 0 ? 1 : 0, f.waterBin].join(',');
}

export function metaRecord(file: string, f: RenderedFrame) {
  const s = f.scene;
  const round = (x: number, k = 3) => Math.round(x * 10 ** k) / 10 ** k;
  return {
    file,
    codes: f.codes,
    normal: f.codes.length === 0,
    water_bin: s.waterBin,
    water: WATER_LEVELS[s.waterBin],
    water_level_frac: round(s.waterLevel),
    material: s.material,
    pipe_diameter_m: round(s.radiusM * 2),
    // footprint_px: grid pixels (of 112²) the defect changes; labelled: whether it made the labels
    defects: s.defects.map((d, k) => ({ code: d.code, variant: d.variant, severity: round(d.severity), distance_m: round(d.z * s.radiusM), clock_rad: round(d.theta), footprint_px: f.footprints[k] ?? null, labelled: f.codes.includes(d.code) })),
    lighting: Object.fromEntries(Object.entries(s.light).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])),
    camera: Object.fromEntries(Object.entries(s.camera).map(([k, v]) => [k, round(v)])),
    overlay: s.overlay.enabled ? { distance_m: round(f.distanceM, 2), layout: s.overlay.layout } : null,
    jpeg_quality: s.jpegQuality,
  };
}

export async function encodeImage(f: RenderedFrame, format: 'jpg' | 'png'): Promise<Buffer> {
  const img = sharp(Buffer.from(f.rgb.buffer, f.rgb.byteOffset, f.rgb.byteLength), { raw: { width: f.width, height: f.height, channels: 3 } });
  return format === 'png' ? img.png({ compressionLevel: 6 }).toBuffer() : img.jpeg({ quality: f.scene.jpegQuality, chromaSubsampling: '4:2:0' }).toBuffer();
}

export async function writeDataset(opt: DatasetOptions): Promise<{ count: number; normal: number; perClass: Record<string, number> }> {
  const format = opt.format ?? 'jpg';
  const imgDir = path.join(opt.out, 'images');
  fs.mkdirSync(imgDir, { recursive: true });
  const csv: string[] = [CSV_HEADER];
  const meta: string[] = [];
  const perClass: Record<string, number> = Object.fromEntries(DEFECT_CODES.map((c) => [c, 0]));
  let normal = 0;
  const width = String(opt.count - 1).length;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < opt.count; i++) {
    const f = renderFrame(opt.seed, i, opt);
    const file = `synth_${String(i).padStart(Math.max(6, width), '0')}.${format}`;
    csv.push(csvRow(file, { codes: f.codes, waterBin: f.scene.waterBin }));
    meta.push(JSON.stringify(metaRecord(file, f)));
    for (const c of f.codes) perClass[c]++;
    if (f.codes.length === 0) normal++;
    // Encode on sharp's thread pool while the next frame renders; bound the queue to keep memory flat.
    pending.push(encodeImage(f, format).then((buf) => fs.promises.writeFile(path.join(imgDir, file), buf)));
    if (pending.length >= 4) await pending.shift();
    opt.onProgress?.(i + 1, opt.count);
  }
  await Promise.all(pending);
  fs.writeFileSync(path.join(opt.out, 'labels.csv'), csv.join('\n') + '\n');
  fs.writeFileSync(path.join(opt.out, 'meta.jsonl'), meta.join('\n') + '\n');
  return { count: opt.count, normal, perClass };
}
