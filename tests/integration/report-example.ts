/**
 * Builds a report from a synthetic video's *ground-truth labels* with reviewed states (the
 * cover's model line says "ground-truth-labels"): shows every report element without a model.
 * The committed public/example-report.pdf comes from the real pipeline instead
 * (`npm run sewer -- analyze VIDEO --pdf public/example-report.pdf`). Frames are the video's
 * real frames (ffmpeg, 2 fps); observations come from VIDEO.labels.json, graded with the analysis'
 * own rule; a reviewer accepts some, regrades one, and adds a manual one; unreviewed ones stay marked.
 *   npm run sewer -- synth video --out tmp/ex.mp4 --seconds 24 --seed 11
 *   npx tsx tests/integration/report-example.ts tmp/ex.mp4 tmp/ex-labels-report.pdf
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frames, inspections, observations } from '../../lib/db/schema';
import { gradeObservation } from '../../lib/analysis/grades';
import { createSegment } from '../../lib/services/segments/create-segment';
import { reviewObservation } from '../../lib/services/review/review-observation';
import { addObservation } from '../../lib/services/observations/add-observation';
import { writeInspectionPdf } from '../../lib/reports/pdf-cli';
import { renderSnapshot, GRADE_COLORS } from '../../lib/adapters/snapshot';
import type { DefectCode } from '../../lib/taxonomy/codes';
import { makeTestContext } from './helpers/test-context';

const [video, out] = process.argv.slice(2);
if (!video || !out) throw new Error('usage: report-example.ts VIDEO OUT.pdf');
const labels = JSON.parse(fs.readFileSync(video.replace(/\.[^.]+$/, '.labels.json'), 'utf8'));
const seg = labels.segment;
const FPS = 2;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
execFileSync('ffmpeg', ['-v', 'error', '-i', video, '-vf', `fps=${FPS},scale=640:-2`, '-q:v', '4', path.join(tmp, '%07d.jpg')]);
const files = fs.readdirSync(tmp).sort();
const distAt = (t: number) => labels.frames[Math.min(labels.frames.length - 1, Math.round(t * seg.fps))].distance_m as number;

const t = await makeTestContext('pglite');
try {
  const s = await createSegment(t.ctx, {
    assetId: seg.id, upstreamManhole: seg.id.split('-')[0], downstreamManhole: seg.id.split('-')[1] ?? 'MH-B', diameterMm: Math.round(seg.diameter_m * 1000),
    material: { pvc: 'PVC', clay: 'vitrified clay', concrete: 'concrete', brick: 'brick' }[seg.material as string] ?? 'other',
    lengthM: seg.length_m, direction: 'downstream', location: '서울 마포구 월드컵로 (synthetic example)', inspectionDate: '2026-11-20', operator: '이서연',
  });
  const meta = await import('sharp').then((m) => m.default(path.join(tmp, files[0])).metadata());
  const [insp] = await t.ctx.db
    .insert(inspections)
    .values({
      segmentId: s.id, status: 'done', videoKey: 'abcdef0123456789', originalFilename: path.basename(video), sizeBytes: fs.statSync(video).size, sampleFps: FPS, framesExpected: files.length,
      video: { durationS: seg.duration_s, fps: seg.fps, width: seg.width, height: seg.height, codec: 'h264', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', displayAspect: seg.width / seg.height, rotation: 0, sizeBytes: fs.statSync(video).size, interlaced: false }, model: 'ground-truth-labels@synth', finishedAt: new Date(),
    })
    .returning();
  const stats = { meanLuma: 0, stdLuma: 0, meanR: 0, meanG: 0, meanB: 0 };
  await t.ctx.db.insert(frames).values(files.map((_, i) => ({ inspectionId: insp.id, frameIndex: i, tS: i / FPS, distanceM: distAt(i / FPS), width: meta.width!, height: meta.height!, before: stats, after: stats })));
  for (let i = 0; i < files.length; i++) await t.ctx.store.writeAtomic(t.ctx.store.framePath(insp.id, i, 'norm'), fs.readFileSync(path.join(tmp, files[i])));

  const ids: Record<string, string> = {};
  for (const [k, o] of (labels.observations as { code: DefectCode; start_s: number; end_s: number; start_m: number; end_m: number; severity: number }[]).entries()) {
    const best = Math.min(files.length - 1, Math.round(((o.start_s + o.end_s) / 2) * FPS));
    const det = { code: o.code, startS: o.start_s, endS: o.end_s, startM: o.start_m, endM: o.end_m, peakConfidence: 0.8 + 0.05 * k, meanConfidence: 0.7, bestFrameIndex: best, frameCount: Math.round((o.end_s - o.start_s) * FPS) + 1 };
    const grade = gradeObservation(det, { segmentLengthM: seg.length_m, durationS: seg.duration_s });
    const id = crypto.randomUUID();
    const key = t.ctx.store.snapshotPath(insp.id, id);
    await t.ctx.store.writeAtomic(key, await renderSnapshot({ frameJpeg: fs.readFileSync(path.join(tmp, files[best])), width: meta.width!, height: meta.height!, overlay: null, box: null, title: o.code, subtitle: '', color: GRADE_COLORS[grade] }));
    await t.ctx.db.insert(observations).values({ id, inspectionId: insp.id, modelCode: o.code, source: 'model', status: 'pending', grade, snapshotKey: key, ...det });
    ids[o.code] = id;
  }
  const codes = Object.keys(ids);
  if (codes[0]) await reviewObservation(t.ctx, { observationId: ids[codes[0]], actor: 'kim.engineer', action: 'accept' });
  if (codes[1]) {
    await reviewObservation(t.ctx, { observationId: ids[codes[1]], actor: 'kim.engineer', action: 'grade', grade: 4 });
    await reviewObservation(t.ctx, { observationId: ids[codes[1]], actor: 'kim.engineer', action: 'remark', remark: 'longitudinal crack, 2–4 o’clock; schedule CIPP lining' });
    await reviewObservation(t.ctx, { observationId: ids[codes[1]], actor: 'kim.engineer', action: 'accept' });
  }
  await addObservation(t.ctx, { inspectionId: insp.id, code: 'IN', tS: Math.min(seg.duration_s - 1, 20), grade: 3, remark: '이음부 침입수 (manual)', actor: '박지훈' });
  await writeInspectionPdf(t.ctx, insp.id, out);
  console.log(`${out}: ${fs.statSync(out).size} bytes, ${codes.length + 1} observations`);
} finally {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
