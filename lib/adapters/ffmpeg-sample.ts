import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { ffmpegBinaries } from './ffmpeg-binary';
import { probeVideo, VideoDecodeError, type VideoProbe } from './ffmpeg';
import { FramePool, RawFrameReader } from './raw-frames';
import { MpjpegFrameReader } from './mpjpeg-frames';
import { chunkIndexRange, sampleSize } from '../vision/frame-sampling';

/**
 * Frame sampling with ffmpeg: one time chunk of a video decoded once, sampled on the global
 * index grid, delivered over pipes as RGB24 (sampleFrames) or, for the pipeline, as a JPEG of the
 * frame plus an RGB copy at the model's work size (sampleFramesAsJpeg). Memory stays bounded: at
 * most two frames wait unread per pipe, so a slow consumer stalls ffmpeg instead of buffering the
 * video. Breaking out of the loop or aborting kills ffmpeg. A file that ends early (truncated
 * upload) throws VideoDecodeError.
 */
export interface SampleOptions {
  /** Sampled frames per second (the global index grid, see lib/vision/frame-sampling.ts). */
  fps: number;
  /** Output width in pixels (made even). */
  width: number;
  /** Output height; default keeps the display aspect ratio. */
  height?: number;
  /** Chunk start, seconds (default 0). */
  startS?: number;
  /** Chunk length, seconds (default: to the end). */
  durationS?: number;
  signal?: AbortSignal;
  /** Reuse a probe the caller already has (saves ~50 ms per chunk). */
  probe?: VideoProbe;
}

export interface SampledFrame {
  /** Global index: round(t · fps), identical whichever chunk produced the frame. */
  index: number;
  /** Seconds from the start of the video. */
  t: number;
  /** Packed RGB24, width·height·3 bytes, owned by the consumer. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /**
   * Optional: hands the frame's buffers back for reuse by later frames of this call once the consumer
   * is completely done with them (and every asynchronous reader of them has finished). Call at most once.
   */
  release(): void;
}

export interface JpegSampleOptions extends SampleOptions {
  /**
   * Size of the RGB copy for the model (`work`): the decoded picture area-shrunk straight to it by
   * ffmpeg (~0.3 ms of its CPU a frame, against ~2.5 ms for OpenCV-wasm INTER_AREA on this thread).
   * Must not be larger than the frame.
   */
  workSize: { width: number; height: number };
  /** ffmpeg's MJPEG quantizer, 2 (best) … 31. 3 measured PSNR ~45.5 dB at ~10 KB per 640x360 frame, sharp's quality 82 ~44 dB at ~12 KB. */
  jpegQscale?: number;
}

export interface SampledJpegFrame {
  index: number;
  t: number;
  width: number;
  height: number;
  /** The frame as a baseline JPEG (4:2:0), encoded by ffmpeg straight from the decoded picture. */
  jpeg: Buffer;
  /** The frame area-shrunk to `workSize`, packed RGB24 (within rounding of an RGB area shrink of the frame). */
  work: Uint8Array;
  release(): void;
}

/** Decode this much before a chunk's start and after its end (see decodeSamples). */
const SEEK_MARGIN_S = 1;

export async function* sampleFrames(file: string, opts: SampleOptions): AsyncGenerator<SampledFrame> {
  for await (const f of decodeSamples(file, opts, null)) {
    yield { index: f.index, t: f.t, rgb: f.main, width: f.width, height: f.height, release: f.release };
  }
}

/**
 * The pipeline's reader: the stored picture comes out of ffmpeg already JPEG-encoded (no RGB
 * conversion of the full frame, no 0.7 MB per frame through the pipe, no encode on this process'
 * threads) and the model's input as the work-size RGB copy.
 */
export async function* sampleFramesAsJpeg(file: string, opts: JpegSampleOptions): AsyncGenerator<SampledJpegFrame> {
  for await (const f of decodeSamples(file, opts, { workSize: opts.workSize, qscale: opts.jpegQscale ?? 3 })) {
    yield { index: f.index, t: f.t, width: f.width, height: f.height, jpeg: f.main as Buffer, work: f.work!, release: f.release };
  }
}

interface Decoded {
  index: number;
  t: number;
  width: number;
  height: number;
  /** RGB24, or the JPEG when asked for one. */
  main: Uint8Array;
  work?: Uint8Array;
  release(): void;
}

/** With `jpeg`: the frame as a JPEG on stdout plus the work copy on fd 3; without, the frame as RGB24. */
async function* decodeSamples(file: string, opts: SampleOptions, jpeg: { workSize: { width: number; height: number }; qscale: number } | null): AsyncGenerator<Decoded> {
  const probe = opts.probe ?? (await probeVideo(file, { checkTail: false }));
  const { fps } = opts;
  const { width, height } = sampleSize(probe, opts.width, opts.height);
  const { first, end } = chunkIndexRange(fps, opts.startS ?? 0, opts.durationS ?? Infinity, probe.durationS);
  if (end <= first) return;
  const ws = jpeg?.workSize;
  if (ws && (ws.width > width || ws.height > height || ws.width < 1 || ws.height < 1)) {
    throw new RangeError(`work size ${ws.width}x${ws.height} must be within the frame size ${width}x${height}`);
  }
  // Seek to a grid point about a second before the first owned one. The margin
  // matters for MPEG-PS/TS, whose byte-based seeking can land a few frames late; the frames
  // before `first` are decoded only so every owned instant picks the same source picture
  // as an unchunked run, and are dropped below.
  const lead = Math.max(0, first - Math.ceil(SEEK_MARGIN_S * fps));
  const seek = lead / fps;
  // Read past the end too: MPEG-PS timestamps can make -t stop a frame early; the loop
  // below stops at `end` and kills ffmpeg.
  const span = (end - lead) / fps + SEEK_MARGIN_S;
  // -copyts -start_at_zero keeps timestamps "seconds from the start of the file" whatever
  // the seek landed on (MPEG-PS seeks shift them by up to half a frame otherwise, and the
  // fps filter then picks a neighbouring picture).
  const args = ['-v', 'error', '-nostdin', '-hide_banner', '-copyts', '-start_at_zero'];
  if (seek > 0) args.push('-ss', seek.toFixed(6));
  // start_time pins the fps filter's first tick to the seek point even when the first
  // decoded picture is a little later (it repeats that picture), so output k is tick lead + k.
  // Interlaced sources are deinterlaced first (yadif at full field rate would change the
  // frame count; send_frame keeps one picture per frame), else combing reaches the CNN.
  const pick = `${probe.interlaced ? 'yadif=mode=send_frame:deint=interlaced,' : ''}fps=fps=${fps}:start_time=${seek.toFixed(6)}`;
  const toSize = `scale=${width}:${height}:flags=area`;
  const sampling = `${pick},${toSize}`;
  args.push('-t', span.toFixed(6), '-i', file);
  if (!ws) args.push('-an', '-sn', '-dn', '-vf', sampling, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  else {
    // One decode, two outputs, each scaled straight from the decoded picture in one swscale step
    // (ffmpeg's filter graph is single-threaded, so every extra pass delays the frame): the JPEG on
    // stdout, the work copy on fd 3. 0:V:0 is the stream probeVideo describes (the first video
    // stream that is not cover art).
    args.push('-filter_complex', `[0:V:0]${pick},split[j][w];[j]${toSize},format=yuvj420p[frame];[w]scale=${ws.width}:${ws.height}:flags=area,format=rgb24[work]`,
      '-map', '[frame]', '-c:v', 'mjpeg', '-q:v', String(jpeg!.qscale), '-f', 'mpjpeg', 'pipe:1',
      '-map', '[work]', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:3');
  }
  opts.signal?.throwIfAborted();
  const proc = spawn(ffmpegBinaries().ffmpeg, args, { stdio: ws ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-8000)));
  const closed = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    proc.on('error', (spawnError) => resolve({ code: null, spawnError }));
    proc.on('close', (code) => resolve({ code }));
  });
  const onAbort = () => proc.kill('SIGKILL');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  // Pools hold the raw RGB outputs (the frame, or the work copy beside a JPEG); JPEGs are small and not pooled.
  const pool = ws ? new FramePool(ws.width * ws.height * 3) : new FramePool(width * height * 3);
  const mains = ws ? new MpjpegFrameReader(proc.stdout!) : new RawFrameReader(proc.stdout!, width * height * 3, pool);
  const works = ws ? new RawFrameReader(proc.stdio[3] as Readable, ws.width * ws.height * 3, pool) : null;
  const releaser = (main: Uint8Array, work: Uint8Array | undefined) => () => pool.give(work ?? main);
  let k = 0;
  let got = 0;
  let complete = false;
  try {
    for (;;) {
      const main = await mains.next();
      const work = works ? await works.next() : undefined;
      if (!main || work === null) break;
      const index = lead + k++;
      if (index < first) {
        releaser(main, work)(); // lead-in frame, owned by the previous chunk
        continue;
      }
      // The fps filter may emit one frame past the chunk end; the next chunk owns it.
      if (index >= end) break;
      opts.signal?.throwIfAborted();
      got++;
      yield { index, t: index / fps, width, height, main, work, release: releaser(main, work) };
    }
    opts.signal?.throwIfAborted();
    complete = true;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    mains.dispose();
    works?.dispose();
    const res = await closed;
    if (res.spawnError) throw new VideoDecodeError(`could not start ffmpeg: ${res.spawnError.message}`, '');
    if (complete) {
      if (res.code !== 0 && got < end - first) {
        throw new VideoDecodeError(`ffmpeg failed (exit ${res.code}) decoding ${file}`, stderr);
      }
      checkCount(got, first, end, fps, probe.durationS, stderr);
    }
  }
}

/**
 * A chunk that stops short means the data ran out. The very end of a video may lack
 * up to a second of sampled frames (container duration includes the last frame's
 * display time, rounding of odd frame rates), anything else is truncation.
 */
function checkCount(got: number, first: number, end: number, fps: number, videoS: number, stderr: string): void {
  const expected = end - first;
  const missing = expected - Math.min(got, expected);
  if (missing === 0) return;
  const reachesEnd = end / fps >= videoS - 1;
  const tolerance = reachesEnd ? Math.ceil(fps) : 0;
  if (missing > tolerance || (/partial file|Invalid data found/i.test(stderr) && missing > 1)) {
    const lastT = (first + got) / fps;
    throw new VideoDecodeError(
      `The video is truncated or corrupt: decoding stopped at ${lastT.toFixed(1)} s, expected frames up to ${(end / fps).toFixed(1)} s`,
      stderr,
    );
  }
}
