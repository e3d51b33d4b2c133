#!/usr/bin/env node
/**
 * Load test (not in CI): N concurrent tus uploads and analyses against a running app on
 * PostgreSQL with separate worker processes; prints wall time, per-inspection results and the
 * peak RSS of the server and of each worker. Exit code 1 when any inspection is not done.
 *
 *   export DATABASE_URL=postgres://… SEWER_DATA_DIR=/shared/sewer SEWER_ADMIN_EMAIL=… SEWER_ADMIN_PASSWORD=…
 *   # either let the script start the app and 2 workers (and stop them afterwards):
 *   npx tsx scripts/load-test.mjs --spawn
 *   # or start them yourself (SEWER_EMBEDDED_WORKER=0 npm start; npm run worker ×2) and:
 *   npx tsx scripts/load-test.mjs [--server-pid P --worker-pid P --worker-pid P]   # else found by command line
 *
 * Options: --base URL (http://127.0.0.1:$PORT) · --count 10 · --seconds 60 · --synth (sewer footage
 * instead of a test pattern; slow to render) · --workers 2 (with --spawn) · --timeout-min 60 ·
 * --video-dir DIR (cache of generated videos, .data/load-videos).
 * Runs under tsx because segments are created through the service layer (there is no segment API;
 * the UI uses a server action).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { findProcesses, SERVER_RE, startRssSampler, WORKER_RE } from './load/proc.mjs';
import { makeVideos } from './load/videos.mjs';
import { signIn, uploadVideo } from './load/http.mjs';
import { startStack } from './load/stack.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const { values: o } = parseArgs({
  options: {
    base: { type: 'string' }, count: { type: 'string', default: '10' }, seconds: { type: 'string', default: '60' },
    synth: { type: 'boolean', default: false }, spawn: { type: 'boolean', default: false }, workers: { type: 'string', default: '2' },
    'server-pid': { type: 'string' }, 'worker-pid': { type: 'string', multiple: true }, 'timeout-min': { type: 'string', default: '60' },
    'video-dir': { type: 'string' },
  },
});
const env = process.env;
for (const k of ['DATABASE_URL', 'SEWER_ADMIN_EMAIL', 'SEWER_ADMIN_PASSWORD']) if (!env[k]) throw new Error(`set ${k} (see the header of this script)`);
const port = Number(env.PORT ?? 3000);
const base = o.base ?? `http://127.0.0.1:${port}`;
const count = Number(o.count);
const mib = (b) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const stack = o.spawn ? await startStack({ root, base, port, workers: Number(o.workers), env: {} }) : null;
const serverPid = stack?.serverPid ?? (o['server-pid'] ? Number(o['server-pid']) : findProcesses(SERVER_RE)[0]);
const workerPids = stack?.workerPids ?? (o['worker-pid']?.map(Number) ?? findProcesses(WORKER_RE));
if (!serverPid) console.warn('[load] no app server process found: its RSS is not reported (pass --server-pid)');
if (!workerPids.length) console.warn('[load] no worker process found (pass --worker-pid, or --spawn): nothing may analyse the uploads');
console.log(`[load] app ${base} (pid ${serverPid ?? '?'}), workers ${workerPids.join(', ') || 'none'}; ${count} uploads of ${o.seconds} s ${o.synth ? 'synthetic sewer' : 'test-pattern'} videos`);

const { openDatabase } = await import('../lib/db/client.ts');
const { createSegment } = await import('../lib/services/segments/create-segment.ts');
const database = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: '' });
const poll = new pg.Client({ connectionString: env.DATABASE_URL });
await poll.connect();

let exitCode = 1;
try {
  const cookie = await signIn(base, env.SEWER_ADMIN_EMAIL, env.SEWER_ADMIN_PASSWORD);
  const files = makeVideos({ dir: o['video-dir'] ?? path.join(root, '.data', 'load-videos'), count, seconds: Number(o.seconds), synth: o.synth, root });
  const run = Date.now().toString(36);
  const segments = [];
  for (let i = 0; i < count; i++) {
    segments.push(await createSegment({ db: database.db }, {
      assetId: `LOAD-${run}-${i + 1}`, upstreamManhole: `MH-${i}A`, downstreamManhole: `MH-${i}B`, diameterMm: 300,
      material: 'concrete', lengthM: 50, direction: 'downstream', location: 'load test', inspectionDate: '2026-11-01', operator: 'load-test',
    }));
  }

  const sampler = startRssSampler([
    ...(serverPid ? [{ label: `server ${serverPid}`, pid: serverPid }] : []),
    ...workerPids.map((pid, i) => ({ label: `worker${i + 1} ${pid}`, pid })),
  ]);
  const t0 = Date.now();
  const uploads = await Promise.all(files.map(async (file, i) => {
    const t = Date.now();
    const r = await uploadVideo({ base, cookie, file, segmentId: segments[i].id });
    return { ...r, uploadMs: Date.now() - t };
  }));
  const tUploaded = Date.now();
  console.log(`[load] ${count} uploads (${mib(uploads.reduce((s, u) => s + u.bytes, 0))}) done in ${((tUploaded - t0) / 1000).toFixed(1)} s`);

  const ids = uploads.map((u) => u.inspectionId);
  const deadline = Date.now() + Number(o['timeout-min']) * 60_000;
  let rows = [];
  for (let lastLog = 0; ; ) {
    ({ rows } = await poll.query(
      `select i.id, i.status, i.error, i.frames_expected, i.created_at, i.finished_at,
              (select count(*)::int from frames f where f.inspection_id = i.id) as frames,
              (select count(distinct frame_index)::int from frames f where f.inspection_id = i.id) as distinct_frames,
              (select count(*)::int from observations o where o.inspection_id = i.id) as observations
       from inspections i where i.id = any($1::uuid[])`, [ids]));
    const settled = rows.filter((r) => r.status === 'done' || r.status === 'failed').length;
    if (settled === ids.length || Date.now() > deadline) break;
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      console.log(`[load] ${((Date.now() - t0) / 1000).toFixed(0)} s: ${settled}/${ids.length} settled, ${rows.reduce((s, r) => s + r.frames, 0)} frames stored`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
  const wallS = (Date.now() - t0) / 1000;
  const peaks = sampler.stop();

  console.log('\ninspection                            status  frames (expected)  observations  upload s  analysis s  error');
  for (const u of uploads) {
    const r = rows.find((x) => x.id === u.inspectionId);
    const analysisS = r.finished_at ? ((new Date(r.finished_at) - new Date(r.created_at)) / 1000).toFixed(1) : '-';
    const dup = r.frames !== r.distinct_frames ? ` DUPLICATES ${r.frames - r.distinct_frames}` : '';
    console.log(`${r.id}  ${r.status.padEnd(6)}  ${String(r.frames).padStart(6)} (${r.frames_expected ?? '?'})${dup}  ${String(r.observations).padStart(12)}  ${(u.uploadMs / 1000).toFixed(1).padStart(8)}  ${analysisS.padStart(10)}  ${r.error ?? ''}`);
  }
  console.log('\npeak RSS (process / with its children, e.g. ffmpeg)');
  for (const [label, p] of Object.entries(peaks)) console.log(`  ${label.padEnd(20)} ${mib(p.self).padStart(9)} / ${mib(p.withChildren).padStart(9)}`);
  const health = await fetch(`${base}/api/health`).then((r) => r.json()).catch((e) => ({ error: e.message }));
  console.log(`\nhealth: ${JSON.stringify(health)}`);
  const done = rows.filter((r) => r.status === 'done' && r.frames === r.frames_expected && r.frames === r.distinct_frames).length;
  console.log(`wall: ${wallS.toFixed(1)} s for ${count} uploads + analyses; ${done}/${count} done with every frame exactly once`);
  exitCode = done === count ? 0 : 1;
} finally {
  await poll.end();
  await database.close();
  await stack?.stop();
}
process.exit(exitCode);
