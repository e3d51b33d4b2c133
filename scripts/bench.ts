/**
 * `npm run bench`: on a generated 720p H.264 inspection video, time in ONE run
 *   (a) ffmpeg decode + sampling alone (frames delivered to Node, nothing else), and
 *   (b) the whole pipeline to stored observations (probe → decode → normalize → JPEGs →
 *       classify → DB → observations, snapshots, ratings) on the embedded default.
 * Both are timed in steady state, after one untimed pass of each (a worker analyses video after video);
 * the cold first (b) is printed as well.
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

const { activeClassifier } = await import('../lib/services/analysis/active-model');
const { inspectionSummary } = await import('../lib/services/inspections/inspection-summary');
const { asc, eq } = await import('drizzle-orm');
const { inspectionChunks } = await import('../lib/db/schema');
await activeClassifier(h.ctx.config.ml.modelDir);

/** (a): ffmpeg decode + sampling, frames delivered to Node and dropped. */
async function decodeOnly() {
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  let decoded = 0;
  for await (const _f of sampleFrames(video, { fps, width, height, probe: info })) decoded++;
  return { seconds: (performance.now() - t0) / 1000, decoded, cpu: [cpu0, cpuSeconds()] as const };
}

/** (b): import → settled, a fresh segment and inspection each time. */
async function wholePipeline() {
  const seg = await createSegment(h.ctx, {
    assetId: `BENCH-${Date.now()}`, upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'concrete',
    lengthM: 50, direction: 'downstream', location: '', inspectionDate: '2026-01-01', operator: 'bench',
  });
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const insp = await importVideo(h.ctx, { segmentId: seg.id, file: path.resolve(video) });
  const d = await h.waitSettled(insp.id);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = [cpu0, cpuSeconds()] as const;
  clearInterval(timer);
  if (d.inspection.status !== 'done') throw new Error(`pipeline failed: ${d.inspection.error}`);
  const sum = await inspectionSummary(h.ctx, insp.id);
  // Where the wall time went: the database's own timestamps of the hand-offs (import → chunks done is
  // probe, queue, decode, normalize, classify and store; the rest is finalize).
  const chunks = await h.ctx.db.select({ updatedAt: inspectionChunks.updatedAt }).from(inspectionChunks).where(eq(inspectionChunks.inspectionId, insp.id)).orderBy(asc(inspectionChunks.updatedAt));
  const lastChunk = chunks.at(-1)!.updatedAt.getTime();
  return {
    seconds, cpu, sum, peakRss, chunks: chunks.length,
    chunksDoneS: (lastChunk - d.inspection.createdAt.getTime()) / 1000,
    finalizeS: (d.inspection.finishedAt!.getTime() - lastChunk) / 1000,
  };
}

// A worker analyses video after video: (a) and (b) are timed in that steady state, after one untimed
// pass of each over the same clip (JIT tiers, OpenCV and PGlite first-use costs, the OS file cache).
// The first, cold (b) is printed too.
await decodeOnly();
const cold = await wholePipeline();
const a = await decodeOnly();
const b = await wholePipeline();
await h.close();

const aFps = a.decoded / a.seconds;
const bFps = b.sum.frames / b.seconds;
const rows: [string, string, string, string][] = [
  ['stage', 'seconds', 'frames/s', 'real-time ×'],
  ['(a) decode + sample only', a.seconds.toFixed(2), aFps.toFixed(1), (info.durationS / a.seconds).toFixed(2)],
  ['(b) whole pipeline → observations', b.seconds.toFixed(2), bFps.toFixed(1), (info.durationS / b.seconds).toFixed(2)],
];
console.log(`video: ${path.basename(video)} ${info.width}x${info.height} ${info.codec} ${info.fps.toFixed(2)} fps, ${info.durationS.toFixed(1)} s; sampled at ${fps} fps to ${width}x${height}; model ${b.sum.model.name}@${b.sum.model.version}; cores ${os.cpus().length}`);
for (const r of rows) console.log(`${r[0].padEnd(36)} ${r[1].padStart(9)} ${r[2].padStart(10)} ${r[3].padStart(12)}`);
console.log(`(b) cold, the first analysis in this process: ${cold.seconds.toFixed(2)} s (${(cold.sum.frames / cold.seconds).toFixed(1)} frames/s)`);
console.log(`(b) by stage: import → ${b.chunks} chunk(s) done ${b.chunksDoneS.toFixed(2)} s, finalize (observations, snapshots, ratings) ${b.finalizeS.toFixed(2)} s`);
console.log(`frames: decoded ${a.decoded}, stored ${b.sum.frames}; observations ${b.sum.observations.length}; pipeline peak RSS ${(b.peakRss / 2 ** 20).toFixed(0)} MiB`);
const used = ([x, y]: readonly [{ self: number; children: number }, { self: number; children: number }]) => `node ${(y.self - x.self).toFixed(2)} + ffmpeg ${(y.children - x.children).toFixed(2)}`;
const busy = (b.cpu[1].self - b.cpu[0].self + b.cpu[1].children - b.cpu[0].children) / b.seconds;
console.log(`CPU seconds: (a) ${used(a.cpu)}; (b) ${used(b.cpu)} (${busy.toFixed(2)} cores busy)`);
console.log(`ratio: ${(bFps / aFps).toFixed(3)}`);
