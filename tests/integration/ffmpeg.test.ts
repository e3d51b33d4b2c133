import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeVideo, VideoDecodeError, VideoProbeError } from '../../lib/adapters/ffmpeg';
import { sampleFrames, sampleFramesAsJpeg, type SampledFrame } from '../../lib/adapters/ffmpeg-sample';
import sharp from 'sharp';
import { resizeRgbArea } from '../../lib/vision/resize';
import { makeBrokenFixtures, makeVideo, tempDir, type BrokenFixtures } from '../fixtures/make-video';

let dir: string;
let h264: string;
let ntsc: string;
let pal: string;
let avi: string;
let interlaced: string;
let rotated: string;
let broken: BrokenFixtures;

beforeAll(async () => {
  dir = tempDir();
  h264 = await makeVideo(path.join(dir, 'a.mp4'), { seconds: 12, rings: true });
  ntsc = await makeVideo(path.join(dir, 'ntsc.mp4'), { seconds: 6, fps: '30000/1001' });
  pal = await makeVideo(path.join(dir, 'pal.mpg'), { seconds: 2, width: 720, height: 576, codec: 'mpeg2', sar: '16:15' });
  avi = await makeVideo(path.join(dir, 'old.avi'), { seconds: 2, codec: 'mpeg4' });
  interlaced = await makeVideo(path.join(dir, 'il.mpg'), { seconds: 3, width: 720, height: 576, codec: 'mpeg2', sar: '16:15', interlaced: true });
  rotated = await makeVideo(path.join(dir, 'phone.mp4'), { seconds: 2, rotate: 90 });
  broken = await makeBrokenFixtures(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function collect<T = SampledFrame>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const f of it) out.push(f);
  return out;
}

/**
 * Mean |difference| allowed between ffmpeg's one-step shrink of the decoded picture and an RGB area
 * shrink of the RGB frame. testsrc's saturated 4:2:0 colour edges make it ~3.5; on the bench's
 * synthetic sewer footage (640x360 → 256x144) it measured 0.25–0.36.
 */
const WORK_TOLERANCE = 4.5;

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s / a.length;
}

/** ffmpeg processes whose parent is this test process (to prove early exits kill them). */
function childFfmpegs(): number[] {
  const out: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m && m[1] === 'ffmpeg' && Number(m[2]) === process.pid) out.push(Number(pid));
    } catch {
      // process ended while listing
    }
  }
  return out;
}

describe('probeVideo', () => {
  it('reads good videos the same way through ffprobe and through ffmpeg -i', async () => {
    for (const f of [h264, ntsc, pal, avi, interlaced]) {
      const a = await probeVideo(f);
      const b = await probeVideo(f, { useFfprobe: false });
      expect(b.width).toBe(a.width);
      expect(b.height).toBe(a.height);
      expect(b.codec).toBe(a.codec);
      expect(b.fps).toBeCloseTo(a.fps, 1);
      expect(Math.abs(b.durationS - a.durationS)).toBeLessThan(0.1);
      expect(b.displayAspect).toBeCloseTo(a.displayAspect, 3);
      expect(b.interlaced).toBe(a.interlaced);
      expect(a.interlaced).toBe(f === interlaced);
    }
    const a = await probeVideo(h264);
    expect(a).toMatchObject({ width: 320, height: 240, codec: 'h264', fps: 25 });
    expect(a.durationS).toBeCloseTo(12, 1);
    expect((await probeVideo(ntsc)).fps).toBeCloseTo(29.97, 2);
    const p = await probeVideo(pal);
    expect(p.codec).toBe('mpeg2video');
    expect(p.displayAspect).toBeCloseTo(4 / 3, 3);
  });

  it('rejects broken files with readable messages, via both parsers', async () => {
    const cases: [string, string, RegExp][] = [
      [broken.empty, 'empty', /^The file is empty \(0 bytes\)$/],
      [broken.notVideo, 'not-video', /^The file is not a video/],
      [broken.audioOnly, 'not-video', /^The file is not a video \(no video stream found\)$/],
      [broken.tiny, 'dimensions', /^Frame size 1x1 is outside the supported range/],
      [broken.truncated, 'corrupt', /^The video is truncated or corrupt: /],
      [broken.truncatedFaststart, 'corrupt', /^The video is truncated or corrupt: /],
      [path.join(dir, 'nope.mp4'), 'missing', /does not exist/],
    ];
    for (const useFfprobe of [true, false]) {
      for (const [file, kind, msg] of cases) {
        const err = await probeVideo(file, { useFfprobe }).then(() => null, (e: unknown) => e);
        expect(err, file).toBeInstanceOf(VideoProbeError);
        expect((err as VideoProbeError).kind, file).toBe(kind);
        expect((err as VideoProbeError).message, file).toMatch(msg);
      }
    }
  });

  it('applies the pixel and duration limits it is given', async () => {
    await expect(probeVideo(h264, { maxPixels: 320 * 240 })).resolves.toBeTruthy();
    await expect(probeVideo(h264, { maxPixels: 320 * 240 - 1 })).rejects.toThrow(/Frame size 320x240 is outside the supported range/);
    await expect(probeVideo(h264, { maxSeconds: 11 })).rejects.toMatchObject({ kind: 'duration' });
  });
});

describe('sampleFrames', () => {
  it('yields the same indexes and pixels whether the video is read whole or in chunks', async () => {
    const cases = [[h264, [0, 6, 12]], [h264, [0, 2.5, 7.3, 12]], [ntsc, [0, 2, 4.1, 6.5]], [pal, [0, 1.3, 2]], [avi, [0, 0.9, 2]], [interlaced, [0, 1.5, 3]]] as const;
    for (const [file, bounds] of cases) {
      const whole = await collect(sampleFrames(file, { fps: 5, width: 160 }));
      const parts: SampledFrame[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        parts.push(...(await collect(sampleFrames(file, { fps: 5, width: 160, startS: bounds[i], durationS: bounds[i + 1] - bounds[i] }))));
      }
      expect(parts.map((f) => f.index)).toEqual(whole.map((f) => f.index));
      expect(whole[0].index).toBe(0);
      expect(whole.at(-1)!.index - whole[0].index + 1).toBe(whole.length);
      // Same instant decoded after a seek: nearly identical. Neighbouring instants differ
      // clearly (testsrc2 moves), so an off-by-one alignment would fail this.
      for (let i = 0; i < whole.length; i++) {
        expect(meanAbsDiff(parts[i].rgb, whole[i].rgb), `${file} frame ${whole[i].index}`).toBeLessThan(1.5);
      }
      expect(meanAbsDiff(whole[4].rgb, whole[5].rgb)).toBeGreaterThan(3);
    }
  });

  it('for the pipeline: each frame as a JPEG plus a work-size RGB copy from the same decode, chunked or not', async () => {
    for (const [file, w] of [[h264, 320], [pal, 640], [interlaced, 720], [rotated, 120], [avi, 64]] as const) {
      const plain = await collect(sampleFrames(file, { fps: 5, width: w }));
      const { width, height } = plain[0];
      // avi: work size = frame size, the copy is the whole frame.
      const workSize = file === avi ? { width, height } : { width: Math.round(width * 0.4), height: Math.round(height * 0.4) };
      const whole = await collect(sampleFramesAsJpeg(file, { fps: 5, width: w, workSize }));
      const parts = [
        ...(await collect(sampleFramesAsJpeg(file, { fps: 5, width: w, workSize, durationS: 1.1 }))),
        ...(await collect(sampleFramesAsJpeg(file, { fps: 5, width: w, workSize, startS: 1.1 }))),
      ];
      expect(whole.map((f) => f.index)).toEqual(plain.map((f) => f.index));
      expect(parts.map((f) => f.index)).toEqual(plain.map((f) => f.index));
      for (let i = 0; i < plain.length; i++) {
        const at = `${file} frame ${i}`;
        expect(whole[i]).toMatchObject({ width, height });
        expect(whole[i].work).toHaveLength(workSize.width * workSize.height * 3);
        // The copy is shrunk straight from the decoded picture: an RGB area shrink of the frame within rounding.
        const shrunk = resizeRgbArea(plain[i].rgb, width, height, workSize.width, workSize.height);
        expect(meanAbsDiff(whole[i].work, shrunk), at).toBeLessThan(WORK_TOLERANCE);
        expect(meanAbsDiff(parts[i].work, whole[i].work), at).toBeLessThan(1.5);
        const { data, info } = await sharp(whole[i].jpeg).raw().toBuffer({ resolveWithObject: true });
        expect([info.width, info.height, info.channels]).toEqual([width, height, 3]);
        // JPEG loss: 4:2:0 chroma on testsrc's saturated edges costs most on tiny frames (~6 at
        // 120x160, ~9 at 64x48 measured; under 4 from 320 px up).
        expect(meanAbsDiff(new Uint8Array(data), plain[i].rgb), at).toBeLessThan(width <= 160 ? 12 : 4);
      }
    }
    await expect(collect(sampleFramesAsJpeg(avi, { fps: 5, width: 64, workSize: { width: 128, height: 96 } }))).rejects.toThrow(/within the frame size/);
    const err = await collect(sampleFramesAsJpeg(broken.truncatedFaststart, { fps: 5, width: 160, workSize: { width: 64, height: 48 } })).then(() => null, (e: unknown) => e);
    expect((err as VideoDecodeError).message).toMatch(/truncated or corrupt: decoding stopped at \d/);
  });

  it('samples the whole 12 s at 5 fps with aspect-correct even sizes', async () => {
    const frames = await collect(sampleFrames(h264, { fps: 5, width: 161 }));
    expect(frames).toHaveLength(60);
    expect(frames[59]).toMatchObject({ index: 59, width: 162, height: 122 });
    expect(frames[59].t).toBeCloseTo(11.8, 9);
    expect(frames[0].rgb).toHaveLength(162 * 122 * 3);
    const pal4x3 = await collect(sampleFrames(pal, { fps: 5, width: 640 }));
    expect(pal4x3[0]).toMatchObject({ width: 640, height: 480 });
    expect((await collect(sampleFrames(avi, { fps: 2, width: 64 }))).map((f) => f.index)).toEqual([0, 1, 2, 3]);
  });

  it('deinterlaces field-coded video (halves the combing of moving content)', async () => {
    // Mean |row − average of its neighbours|: weave combing makes adjacent rows disagree.
    const comb = (f: SampledFrame) => {
      const { rgb, width: w, height: h } = f;
      let s = 0;
      for (let y = 1; y < h - 1; y++) {
        for (let x = 0; x < w * 3; x++) s += Math.abs(rgb[y * w * 3 + x] - (rgb[(y - 1) * w * 3 + x] + rgb[(y + 1) * w * 3 + x]) / 2);
      }
      return s / (w * 3 * (h - 2));
    };
    const probe = await probeVideo(interlaced);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const deint = (await collect(sampleFrames(interlaced, { fps: 5, width: 720, height: 576, probe }))).map(comb);
    const woven = (await collect(sampleFrames(interlaced, { fps: 5, width: 720, height: 576, probe: { ...probe, interlaced: false } }))).map(comb);
    expect(mean(deint)).toBeLessThan(0.7 * mean(woven));
  });

  it('samples phone footage tagged with a 90° rotation upright, aspect kept', async () => {
    for (const useFfprobe of [true, false]) {
      const p = await probeVideo(rotated, { useFfprobe });
      expect(Math.abs(p.rotation)).toBe(90);
      expect(p.displayAspect).toBeCloseTo(3 / 4, 6);
    }
    const [up] = await collect(sampleFrames(rotated, { fps: 5, width: 120, durationS: 0.2 }));
    expect(up).toMatchObject({ width: 120, height: 160 });
    // The same instant from an untagged copy (160x120), turned a quarter in JS both ways:
    // exactly one direction must match what ffmpeg decoded.
    const plain = await makeVideo(path.join(dir, 'plain.mp4'), { seconds: 2 });
    const [ref] = await collect(sampleFrames(plain, { fps: 5, width: 160, durationS: 0.2 }));
    const turn = (cw: boolean) => {
      const out = new Uint8Array(ref.rgb.length);
      for (let y = 0; y < 160; y++) {
        for (let x = 0; x < 120; x++) {
          const [sx, sy] = cw ? [y, 119 - x] : [159 - y, x];
          for (let c = 0; c < 3; c++) out[(y * 120 + x) * 3 + c] = ref.rgb[(sy * 160 + sx) * 3 + c];
        }
      }
      return out;
    };
    const diffs = [meanAbsDiff(up.rgb, turn(true)), meanAbsDiff(up.rgb, turn(false))].sort((a, b) => a - b);
    // Scaling before vs after the quarter turn (and 4:2:0 chroma) differ slightly: ~4 measured.
    expect(diffs[0]).toBeLessThan(8);
    expect(diffs[1]).toBeGreaterThan(5 * diffs[0]);
  });

  it('fails loudly on a file truncated mid-stream, with ffmpeg words', async () => {
    const err = await collect(sampleFrames(broken.truncatedFaststart, { fps: 5, width: 160 })).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(VideoDecodeError);
    expect((err as VideoDecodeError).message).toMatch(/truncated or corrupt: decoding stopped at \d/);
    expect((err as VideoDecodeError).stderrTail).toMatch(/partial file|Invalid/);
  });

  it('kills ffmpeg when the consumer stops early or aborts', async () => {
    let n = 0;
    for await (const f of sampleFrames(h264, { fps: 5, width: 160 })) {
      expect(childFfmpegs().length).toBe(1);
      if (++n === 2) break;
      expect(f.index).toBe(0);
    }
    expect(childFfmpegs()).toEqual([]);
    const ac = new AbortController();
    const err = await (async () => {
      for await (const f of sampleFrames(h264, { fps: 5, width: 160, signal: ac.signal })) if (f.index === 3) ac.abort();
    })().then(() => null, (e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(childFfmpegs()).toEqual([]);
  });

  it('holds memory bounded while the consumer is slow (backpressure)', async () => {
    // 60 frames of 640x480 RGB = 55 MB; ffmpeg decodes them in well under the pause.
    const gen = sampleFrames(h264, { fps: 5, width: 640 });
    const first = await gen.next();
    expect(first.done).toBe(false);
    const before = process.memoryUsage().arrayBuffers;
    await new Promise((r) => setTimeout(r, 2000));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    let n = 1;
    while (!(await gen.next()).done) n++;
    expect(n).toBe(60);
    // Two outputs: neither pipe may buffer ahead while the consumer waits.
    const dual = sampleFramesAsJpeg(h264, { fps: 5, width: 640, workSize: { width: 256, height: 192 } });
    expect((await dual.next()).done).toBe(false);
    const before2 = process.memoryUsage().arrayBuffers;
    await new Promise((r) => setTimeout(r, 2000));
    expect(process.memoryUsage().arrayBuffers - before2).toBeLessThan(8 * 1024 * 1024);
    n = 1;
    while (!(await dual.next()).done) n++;
    expect(n).toBe(60);
  });
});
