/**
 * `npm run bench`: on a generated 720p H.264 inspection video, time in ONE run
 *   (a) ffmpeg decode + sampling alone (frames delivered to Node, nothing else), and
 *   (b) the whole pipeline to stored observations (probe → decode → normalize → JPEGs →
 *       classify → DB → observations, snapshots, ratings) on the embedded default.
 * Prints a table and a last line `ratio: X` = throughput(b) ÷ throughput(a).
 * Options: --seconds N (default 60) --fps N (default 5) --seed S --video FILE (skip generation).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { probeVideo } from '../lib/adapters/ffmpeg';
import { sampleFrames } from '../lib/adapters/ffmpeg-sample';
import { sampleSize } from '../lib/vision/frame-sampling';
import { openHeadless } from '../lib/headless';
import { createSegment } from '../lib/services/segments/create-segment';
import { importVideo } from '../lib/services/inspections/import-video';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, fps: { type: 'string' }, seed: { type: 'string' }, video: { type: 'string' } } });
const seconds = Number(values.seconds ?? 60);
const fps = Number(values.fps ?? 5);
const seed = Number(values.seed ?? 7);

function generate(): string {
  const file = path.join(os.tmpdir(), `sewer-bench-${seed}-${seconds}s-1280x720.mp4`);
  if (!fs.existsSync(file)) {
    console.error(`bench: rendering a ${seconds} s 1280x720 synthetic inspection video (cached at ${file})…`);
    execFileSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'synth', 'video', '--out', file, '--seconds', String(seconds), '--seed', String(seed), '--size', '1280x720', '--render-scale', '0.5'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return file;
}

/** CPU seconds of this process (all its threads) and of its finished children (ffmpeg), from /proc. */
function cpuSeconds(): { self: number; children: number } {
  const stat = fs.readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tick = 100; // USER_HZ on Linux
  return { self: (Number(f[11]) + Number(f[12])) / tick, children: (Number(f[13]) + Number(f[14])) / tick };
}

const video = values.video ?? generate();
const info = await probeVideo(video);
const h = await openHeadless({ env: { SEWER_SAMPLE_FPS: String(fps), DATABASE_URL: '' } });
const { width, height } = sampleSize(info, Math.min(info.width, h.ctx.config.sampling.frameWidth));

// Warm up the model and OpenCV so (b) measures steady-state work, as a running worker sees it.
const { activeClassifier } = await import('../lib/services/analysis/active-model');
const { createNormalizer } = await import('../lib/adapters/opencv-normalizer');
await activeClassifier(h.ctx.config.ml.modelDir);
(await createNormalizer(width, height)).dispose();

const cpuA0 = cpuSeconds();
let t0 = performance.now();
let decoded = 0;
for await (const _f of sampleFrames(video, { fps, width, height, probe: info })) decoded++;
const decodeS = (performance.now() - t0) / 1000;
const cpuA1 = cpuSeconds();

const seg = await createSegment(h.ctx, {
  assetId: `BENCH-${Date.now()}`, upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'concrete',
  lengthM: 50, direction: 'downstream', location: '', inspectionDate: '2026-01-01', operator: 'bench',
});
const rss0 = process.memoryUsage().rss;
let peakRss = rss0;
const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const cpuB0 = cpuSeconds();
t0 = performance.now();
const insp = await importVideo(h.ctx, { segmentId: seg.id, file: path.resolve(video) });
const d = await h.waitSettled(insp.id);
const pipeS = (performance.now() - t0) / 1000;
const cpuB1 = cpuSeconds();
clearInterval(timer);
if (d.inspection.status !== 'done') throw new Error(`pipeline failed: ${d.inspection.error}`);
const { inspectionSummary } = await import('../lib/services/inspections/inspection-summary');
const sum = await inspectionSummary(h.ctx, insp.id);
// Where (b)'s wall time went: the database's own timestamps of the hand-offs (import → first chunk
// running is probe + queue; the chunks decode, normalize, classify and store; the rest is finalize).
const { asc, eq } = await import('drizzle-orm');
const { inspectionChunks } = await import('../lib/db/schema');
const chunks = await h.ctx.db.select({ updatedAt: inspectionChunks.updatedAt }).from(inspectionChunks).where(eq(inspectionChunks.inspectionId, insp.id)).orderBy(asc(inspectionChunks.updatedAt));
const chunksDoneS = chunks.length ? (chunks.at(-1)!.updatedAt.getTime() - d.inspection.createdAt.getTime()) / 1000 : NaN;
const finalizeS = d.inspection.finishedAt ? (d.inspection.finishedAt.getTime() - chunks.at(-1)!.updatedAt.getTime()) / 1000 : NaN;
await h.close();

const aFps = decoded / decodeS;
const bFps = sum.frames / pipeS;
const rows: [string, string, string, string][] = [
  ['stage', 'seconds', 'frames/s', 'real-time ×'],
  ['(a) decode + sample only', decodeS.toFixed(2), aFps.toFixed(1), (info.durationS / decodeS).toFixed(2)],
  ['(b) whole pipeline → observations', pipeS.toFixed(2), bFps.toFixed(1), (info.durationS / pipeS).toFixed(2)],
];
console.log(`video: ${path.basename(video)} ${info.width}x${info.height} ${info.codec} ${info.fps.toFixed(2)} fps, ${info.durationS.toFixed(1)} s; sampled at ${fps} fps to ${width}x${height}; model ${sum.model.name}@${sum.model.version}; cores ${os.cpus().length}`);
for (const r of rows) console.log(`${r[0].padEnd(36)} ${r[1].padStart(9)} ${r[2].padStart(10)} ${r[3].padStart(12)}`);
console.log(`(b) by stage: import → ${chunks.length} chunk(s) done ${chunksDoneS.toFixed(2)} s, finalize (observations, snapshots, ratings) ${finalizeS.toFixed(2)} s`);
console.log(`frames: decoded ${decoded}, stored ${sum.frames}; observations ${sum.observations.length}; pipeline peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
const used = (x: { self: number; children: number }, y: typeof x) => `node ${(y.self - x.self).toFixed(2)} + ffmpeg ${(y.children - x.children).toFixed(2)}`;
console.log(`CPU seconds: (a) ${used(cpuA0, cpuA1)}; (b) ${used(cpuB0, cpuB1)} (${((cpuB1.self - cpuB0.self + cpuB1.children - cpuB0.children) / pipeS).toFixed(2)} cores busy)`);
console.log(`ratio: ${(bFps / aFps).toFixed(3)}`);
