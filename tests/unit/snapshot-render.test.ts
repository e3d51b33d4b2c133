import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { renderSnapshot, GRADE_COLORS } from '../../lib/adapters/snapshot';
import { heatmapOverlay } from '../../lib/vision/heatmap';

/** A textured 160x90 frame as JPEG (what the pipeline stores) and its decoded pixels. */
async function frame(): Promise<{ jpg: Buffer; rgb: Uint8Array }> {
  const [w, h] = [160, 90];
  const px = new Uint8Array(w * h * 3);
  for (let i = 0; i < px.length; i++) px[i] = (i * 7 + Math.floor(i / 480) * 13) & 255;
  const jpg = await sharp(px, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 82 }).toBuffer();
  const { data } = await sharp(jpg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { jpg, rgb: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

describe('renderSnapshot', () => {
  it('gives the same JPEG from already-decoded pixels as from the frame JPEG (finalize skips a decode)', async () => {
    const { jpg, rgb } = await frame();
    const cam = { width: 3, height: 3, data: Float32Array.from([0, 0.2, 0.1, 0.3, 1, 0.4, 0, 0.2, 0.6]) };
    const common = { width: 160, height: 90, overlay: heatmapOverlay(cam, 160, 90), box: { x: 50, y: 20, width: 60, height: 40 }, title: 'RB cracks · grade 4', subtitle: '0:12.0 · 3.1 m · 91 %', color: GRADE_COLORS[4] };
    const fromJpeg = await renderSnapshot({ frameJpeg: jpg, ...common });
    const fromRgb = await renderSnapshot({ frameJpeg: jpg, frameRgb: rgb, ...common });
    expect(fromRgb.equals(fromJpeg)).toBe(true);
    await expect(renderSnapshot({ frameJpeg: jpg, frameRgb: rgb.subarray(3), ...common })).rejects.toThrow(/160x90 RGB24/);
  });
});
