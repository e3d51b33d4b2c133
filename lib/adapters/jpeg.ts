import sharp from 'sharp';

/** Packed RGB24 → JPEG, optionally downscaled to `width` (aspect kept). */
export async function encodeJpeg(rgb: Uint8Array, width: number, height: number, opts: { maxWidth?: number; quality?: number } = {}): Promise<Buffer> {
  let img = sharp(rgb, { raw: { width, height, channels: 3 } });
  if (opts.maxWidth && opts.maxWidth < width) img = img.resize({ width: opts.maxWidth });
  return img.jpeg({ quality: opts.quality ?? 82, mozjpeg: false }).toBuffer();
}
