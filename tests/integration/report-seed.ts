import sharp from 'sharp';
import { frames, inspections, observations, type Observation } from '../../lib/db/schema';
import type { DefectCode } from '../../lib/taxonomy/codes';
import type { ServiceContext } from '../../lib/services/context';
import { createSegment } from '../../lib/services/segments/create-segment';
import { renderSnapshot, GRADE_COLORS } from '../../lib/adapters/snapshot';

/**
 * A finished inspection for report tests, written the way the pipeline writes it: 40 frames at
 * 4 fps over a 36 m segment (crawler at 0.9 m/s), frame JPEGs in the file store, model observations
 * with annotated snapshots, no review yet. Returns the observations by code.
 */
const stats = { meanLuma: 100, stdLuma: 20, meanR: 100, meanG: 100, meanB: 100 };
const W = 320;
const H = 240;

async function frameJpeg(i: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="rgb(${60 + i * 3},${70 + i * 2},80)"/><circle cx="${W / 2}" cy="${H / 2}" r="${H / 3}" fill="#111"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

export interface SeededInspection {
  segmentId: string;
  inspectionId: string;
  assetId: string;
  by: Record<string, Observation>;
}

export async function seedReportInspection(ctx: ServiceContext, assetId: string): Promise<SeededInspection> {
  const seg = await createSegment(ctx, {
    assetId, upstreamManhole: 'MH-101', downstreamManhole: 'MH-102', diameterMm: 450, material: 'concrete',
    lengthM: 36, direction: 'downstream', location: '서울 중구 세종대로 110', inspectionDate: '2026-10-14', operator: '김민수',
  });
  const [insp] = await ctx.db
    .insert(inspections)
    .values({
      segmentId: seg.id, status: 'done', videoKey: 'abcdef0123456789', originalFilename: 'MH101-MH102 run 1.mp4', sizeBytes: 123456, sampleFps: 4, framesExpected: 40,
      video: { durationS: 10, fps: 25, width: W, height: H, codec: 'h264', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', displayAspect: 4 / 3, rotation: 0, sizeBytes: 1000, interlaced: false }, model: 'sewer-mobilenet@1.2.0', finishedAt: new Date(),
    })
    .returning();
  await ctx.db.insert(frames).values(Array.from({ length: 40 }, (_, i) => ({ inspectionId: insp.id, frameIndex: i, tS: i / 4, distanceM: (i / 4) * 0.9 * 4, width: W, height: H, before: stats, after: stats })));
  for (let i = 0; i < 40; i++) await ctx.store.writeAtomic(ctx.store.framePath(insp.id, i, 'norm'), await frameJpeg(i));

  const spec: [DefectCode, number, number, number, number][] = [
    // code, grade, peak confidence, first frame, last frame
    ['RB', 4, 0.96, 4, 9],
    ['RO', 3, 0.88, 12, 13],
    ['FS', 2, 0.71, 20, 20],
    ['DE', 5, 0.93, 26, 31],
    ['AF', 2, 0.64, 34, 36],
  ];
  const by: Record<string, Observation> = {};
  for (const [code, grade, peak, a, b] of spec) {
    const id = crypto.randomUUID();
    const key = ctx.store.snapshotPath(insp.id, id);
    const box = { x: 80, y: 60, width: 120, height: 90 };
    await ctx.store.writeAtomic(key, await renderSnapshot({ frameJpeg: await frameJpeg(a), width: W, height: H, overlay: null, box, title: `${code} · grade ${grade}`, subtitle: 'model caption', color: GRADE_COLORS[grade] }));
    const [row] = await ctx.db
      .insert(observations)
      .values({
        id, inspectionId: insp.id, code, modelCode: code, source: 'model', status: 'pending', startS: a / 4, endS: b / 4, startM: a * 0.9, endM: b * 0.9,
        peakConfidence: peak, meanConfidence: peak - 0.1, bestFrameIndex: a, frameCount: b - a + 1, grade, box: { x: 0.25, y: 0.25, w: 0.375, h: 0.375 }, snapshotKey: key,
      })
      .returning();
    by[code] = row;
  }
  return { segmentId: seg.id, inspectionId: insp.id, assetId, by };
}
