import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { frames } from '../../lib/db/schema';
import { probeVideo } from '../../lib/adapters/ffmpeg';
import { createSegment } from '../../lib/services/segments/create-segment';
import { startInspection } from '../../lib/services/inspections/start-inspection';
import { getInspection } from '../../lib/services/inspections/get-inspection';
import { expectedFrameCount } from '../../lib/services/ingest/plan-chunks';
import { startWorker, type WorkerHandle } from '../../workers/runtime';
import { makeVideo, tempDir } from '../fixtures/make-video';
import { makeHostileVideos, type HostileVideos } from '../fixtures/hostile-videos';
import { makeTestContext, storeUpload, waitFor, type TestContext } from './helpers/test-context';

/**
 * The hostile-video matrix (docs/hostile-input.md), end to end through the real worker: every bad
 * file fails on its own inspection with a message for a person, valid oddities complete, and a good
 * video queued among them completes with every frame. PGlite only: the outcome is decided by the
 * probe and the decoder, not the database (the DB-specific cases are in hostile-metadata.test.ts).
 */
type Expect = { status: 'done' } | { status: 'failed'; error: RegExp };
interface Case {
  input: string;
  file: (v: HostileVideos) => string;
  name?: string;
  expect: Expect;
}

const failed = (error: RegExp): Expect => ({ status: 'failed', error });
const done: Expect = { status: 'done' };

const CASES: Case[] = [
  { input: 'random bytes named .mp4', file: (v) => v.randomBytes, expect: failed(/^The file is not a video \(unrecognised or unsupported format\)$/) },
  { input: 'PNG renamed .mp4', file: (v) => v.pngRenamed, expect: failed(/^The file is a still image \(png\), not a video$/) },
  { input: 'first half of an MP4 (index at the end)', file: (v) => v.truncatedHalf, expect: failed(/^The video is truncated or corrupt: /) },
  { input: 'first half of a faststart MP4 (index first)', file: (v) => v.truncatedHalfFaststart, expect: failed(/^The video is truncated or corrupt: /) },
  { input: 'zero bytes', file: (v) => v.zeroBytes, expect: failed(/^The file is empty \(0 bytes\)$/) },
  { input: 'audio only (MP4, AAC sine)', file: (v) => v.audioOnly, expect: failed(/^The file is not a video \(no video stream found\)$/) },
  { input: '8K frames (7680x4320)', file: (v) => v.frames8k, expect: failed(/^Frame size 7680x4320 is outside the supported range: too large \(33\.2 megapixels\)/) },
  { input: '1x1 frames', file: (v) => v.frames1x1, expect: failed(/^Frame size 1x1 is outside the supported range: too small, frames must be at least 16x16 pixels$/) },
  { input: '1000 fps (real, 1 s)', file: (v) => v.fps1000, expect: done },
  { input: 'bogus 12800 fps (sample durations of 1 tick)', file: (v) => v.bogusFps, expect: failed(/^The video claims 12800 frames per second \(at most 1000 are supported\)/) },
  { input: '"0 fps" (sample durations of 0, r_frame_rate 1/0)', file: (v) => v.zeroFps, expect: done },
  { input: 'a single frame (0.04 s)', file: (v) => v.singleFrame, expect: failed(/^No frame could be sampled from the video \(0\.04 s long\)/) },
  { input: '10 h claimed in the header, 1 s of samples', file: (v) => v.tenHourHeader, expect: done },
  { input: '10 h in the sample timing (25 pictures)', file: (v) => v.tenHourTiming, expect: failed(/^The video is 10 h 0 min long; the limit is 4 h 0 min$/) },
  { input: 'name "../../etc/passwd.mp4"', name: '../../etc/passwd.mp4', file: (v) => v.tinyGood, expect: done },
  { input: 'name "..\\\\x.mp4"', name: '..\\x.mp4', file: (v) => v.tinyGood, expect: done },
  { input: 'name "관로 조사.mp4"', name: '관로 조사.mp4', file: (v) => v.tinyGood, expect: done },
  { input: 'name with NUL, CR/LF, ESC, RTL override', name: 'run\u0000 1\r\n\u001b[31m\u202Egpj.mp4', file: (v) => v.tinyGood, expect: done },
  { input: 'name of 300 characters', name: `${'관'.repeat(150)}${'a'.repeat(146)}.mp4`, file: (v) => v.tinyGood, expect: done },
];

/** What the inspection keeps of each hostile name (invisible characters dropped, 255 code points). */
const KEPT_NAMES: Record<string, string> = {
  '../../etc/passwd.mp4': '../../etc/passwd.mp4',
  '..\\x.mp4': '..\\x.mp4',
  '관로 조사.mp4': '관로 조사.mp4',
  'run\u0000 1\r\n\u001b[31m\u202Egpj.mp4': 'run 1[31mgpj.mp4',
  [`${'관'.repeat(150)}${'a'.repeat(146)}.mp4`]: `${'관'.repeat(150)}${'a'.repeat(101)}.mp4`,
};

const dir = tempDir('sewer-hostile-videos-');
let videos: HostileVideos;
let goodVideo = '';

beforeAll(async () => {
  videos = await makeHostileVideos(dir);
  goodVideo = await makeVideo(path.join(dir, 'good.mp4'), { seconds: 7, width: 320, height: 240, rings: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hostile videos through the worker (pglite)', () => {
  let t: TestContext;
  let worker: WorkerHandle;
  beforeAll(async () => {
    t = await makeTestContext('pglite', { SEWER_CHUNK_SECONDS: '3', SEWER_SAMPLE_FPS: '5' });
    worker = await startWorker(t.ctx, { log: () => undefined });
  });
  afterAll(async () => {
    await worker?.stop();
    await t?.close();
  });

  it('fails each bad file on its own inspection with a readable message; valid oddities and a good video complete', async () => {
    const { ctx } = t;
    const seg = await createSegment(ctx, {
      assetId: 'HOSTILE-1', upstreamManhole: 'MH-1', downstreamManhole: 'MH-2', diameterMm: 300, material: 'concrete',
      lengthM: 40, direction: 'downstream', inspectionDate: '2026-11-01',
    });
    const start = (file: string, originalFilename: string) => startInspection(ctx, { segmentId: seg.id, originalFilename, ...storeUpload(ctx, file) });
    // The good video sits in the middle of the queue: bad files before and after it.
    const half = Math.ceil(CASES.length / 2);
    const ids: string[] = [];
    for (const c of CASES.slice(0, half)) ids.push((await start(c.file(videos), c.name ?? path.basename(c.file(videos)))).id);
    const good = await start(goodVideo, 'good.mp4');
    for (const c of CASES.slice(half)) ids.push((await start(c.file(videos), c.name ?? path.basename(c.file(videos)))).id);

    const settled = (id: string) =>
      waitFor(async () => {
        const d = await getInspection(ctx, id);
        return d.inspection.status === 'done' || d.inspection.status === 'failed' ? d.inspection : null;
      }, 240_000);

    const g = await settled(good.id);
    expect(g.error).toBeNull();
    expect(g.status).toBe('done');
    const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, good.id));
    expect(n).toBe(expectedFrameCount(g.video!.durationS, 5));

    const table: string[] = [];
    for (const [i, c] of CASES.entries()) {
      const insp = await settled(ids[i]);
      const sampled = (await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, insp.id)))[0].n;
      table.push(`| ${c.input} | ${insp.status} | ${insp.error ? insp.error.replace(/\n/g, ' ⏎ ') : `${sampled} frames of ${insp.video?.durationS.toFixed(2)} s`} |`);
      expect(insp.status, c.input).toBe(c.expect.status);
      if (c.expect.status === 'failed') expect(insp.error, c.input).toMatch(c.expect.error);
      else {
        expect(insp.error, c.input).toBeNull();
        expect(sampled, c.input).toBeGreaterThan(0);
      }
      if (c.name) expect(insp.originalFilename, c.input).toBe(KEPT_NAMES[c.name]);
    }
    console.log(`hostile video matrix (observed):\n${table.join('\n')}`);

    // Stored under generated names only: the upload folder holds keys, nothing else anywhere.
    const uploads = fs.readdirSync(ctx.store.uploadDir);
    expect(uploads.length).toBe(CASES.length + 1);
    for (const f of uploads) expect(f).toMatch(/^[0-9a-f]{32}$/);
    expect(fs.readdirSync(t.dataDir).sort()).toEqual(['frames', 'uploads']);
  });

  it('a truncated video planned as ONE chunk skips the up-front tail check and is refused by its chunk', async () => {
    const one = await makeTestContext('pglite', { SEWER_SAMPLE_FPS: '5' }); // default 120 s chunks
    const w = await startWorker(one.ctx, { log: () => undefined });
    try {
      const seg = await createSegment(one.ctx, {
        assetId: 'HOSTILE-2', upstreamManhole: 'MH-1', downstreamManhole: 'MH-2', diameterMm: 300, material: 'concrete',
        lengthM: 40, direction: 'downstream', inspectionDate: '2026-11-01',
      });
      const insp = await startInspection(one.ctx, { segmentId: seg.id, originalFilename: 'cut.mp4', ...storeUpload(one.ctx, videos.truncatedHalfFaststart) });
      const settled = await waitFor(async () => {
        const d = await getInspection(one.ctx, insp.id);
        return d.inspection.status === 'done' || d.inspection.status === 'failed' ? d.inspection : null;
      }, 120_000);
      expect(settled.status).toBe('failed');
      expect(settled.error).toMatch(/^Chunk 1 \(0–6 s\) could not be processed: The video is truncated or corrupt: decoding stopped at \d/);
    } finally {
      await w.stop();
      await one.close();
    }
  });

  it('the 10 h header claim is trusted by the ffprobe-less fallback, then refused by the limit or the tail check', async () => {
    await expect(probeVideo(videos.tenHourHeader, { useFfprobe: false, maxSeconds: 4 * 3600 })).rejects.toMatchObject({ kind: 'duration', message: 'The video is 10 h 0 min long; the limit is 4 h 0 min' });
    await expect(probeVideo(videos.tenHourHeader, { useFfprobe: false, maxSeconds: 12 * 3600 })).rejects.toMatchObject({ kind: 'corrupt', message: expect.stringMatching(/no picture can be decoded near its end \(35998\.5 s of 36000\.0 s\)/) });
    const viaFfprobe = await probeVideo(videos.tenHourHeader, { maxSeconds: 4 * 3600 });
    expect(viaFfprobe.durationS).toBeCloseTo(1, 1);
  });
});
