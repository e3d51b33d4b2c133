import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { ffmpegBinaries } from './ffmpeg-binary';
import { FramePool, RawFrameReader } from './raw-frames';
import { parseFfmpegInfo, parseFfprobeJson, type RawProbe } from '../vision/probe-parse';
import { chunkIndexRange, sampleSize } from '../vision/frame-sampling';

/**
 * The ffmpeg adapter: probe a file and sample RGB frames from it over a pipe.
 * Everything that decides (which indexes a chunk owns, what a probe result means)
 * is a small pure function here or in lib/vision (probe-parse.ts, frame-sampling.ts); the side effects are the
 * two process launches.
 */

export interface VideoProbe {
  durationS: number;
  fps: number;
  /** Coded frame size in pixels. */
  width: number;
  height: number;
  /**
   * Display aspect ratio (width/height after the sample aspect ratio and any 90° display
   * rotation, which ffmpeg applies while decoding), used to pick sample sizes.
   */
  displayAspect: number;
  /** Display rotation in degrees (0 for CCTV; phones record sideways and tag it). */
  rotation: number;
  codec: string;
  formatName: string;
  sizeBytes: number;
  /** Field-coded video (common for PAL/NTSC CCTV on MPEG-2/DV): sampling deinterlaces it. */
  interlaced: boolean;
}

export type VideoProbeErrorKind = 'missing' | 'empty' | 'not-video' | 'corrupt' | 'dimensions' | 'frame-rate' | 'duration';

/**
 * Highest frame rate taken as real footage (high-speed cameras reach 1000 fps). Sampling reads
 * SEWER_SAMPLE_FPS frames per second whatever the source rate; above this the file's timing is broken.
 */
export const MAX_SOURCE_FPS = 1000;

/** A file the product cannot take; `message` is meant for the person who uploaded it. */
export class VideoProbeError extends Error {
  readonly name = 'VideoProbeError';
  constructor(readonly kind: VideoProbeErrorKind, message: string, readonly detail?: string) {
    super(message);
  }
}

/** Decoding failed part-way (truncated/corrupt data, ffmpeg crash); `stderrTail` is ffmpeg's own words. */
export class VideoDecodeError extends Error {
  readonly name = 'VideoDecodeError';
  constructor(message: string, readonly stderrTail: string) {
    super(stderrTail ? `${message}\nffmpeg: ${stderrTail.trim().split('\n').slice(-6).join('\nffmpeg: ')}` : message);
  }
}

export interface ProbeOptions {
  /** Largest accepted coded frame (width·height). */
  maxPixels?: number;
  /** Longest accepted video, seconds. */
  maxSeconds?: number;
  /** Smallest accepted side in pixels (default 16). */
  minSide?: number;
  /** Decode one picture near the end to catch files cut short after a valid header (default true, ~0.1 s). */
  checkTail?: boolean;
  /** Force the `ffmpeg -i` parser even when ffprobe exists (used by tests and by the npm-only install). */
  useFfprobe?: boolean;
}

const execOut = (bin: string, args: string[], timeoutMs = 60_000) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(bin, args, { maxBuffer: 16 * 1024 * 1024, timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') return reject(err); // spawn failure
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

export async function probeVideo(file: string, opts: ProbeOptions = {}): Promise<VideoProbe> {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    throw new VideoProbeError('missing', 'The file does not exist or cannot be read');
  }
  if (size === 0) throw new VideoProbeError('empty', 'The file is empty (0 bytes)');
  const bins = ffmpegBinaries();
  let raw: RawProbe;
  if (bins.ffprobe && opts.useFfprobe !== false) {
    const r = await execOut(bins.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
    raw = r.code === 0 ? parseFfprobeJson(r.stdout) : { error: r.stderr };
  } else {
    // `ffmpeg -i` with no output always exits 1; the information is on stderr.
    const r = await execOut(bins.ffmpeg, ['-hide_banner', '-nostdin', '-i', file]);
    raw = parseFfmpegInfo(r.stderr);
  }
  const probe = interpretProbe(raw, size, opts, looksLikeIsoMedia(file));
  if (opts.checkTail !== false) await checkTail(bins.ffmpeg, file, probe);
  return probe;
}

/** Pure: turn what ffprobe/ffmpeg said into a VideoProbe or a readable error. */
export function interpretProbe(raw: RawProbe, sizeBytes: number, opts: ProbeOptions = {}, isoMedia = true): VideoProbe {
  if (raw.error !== undefined) {
    const e = raw.error;
    // A text file named .mp4 also lacks a moov atom; only real MP4/MOV data counts as truncated.
    if (isoMedia && /moov atom not found|partial file|End of file|Truncat/i.test(e)) {
      throw new VideoProbeError('corrupt', 'The video is truncated or corrupt: its index is missing (upload interrupted?)', e);
    }
    throw new VideoProbeError('not-video', 'The file is not a video (unrecognised or unsupported format)', e);
  }
  const v = raw.video;
  if (!v) throw new VideoProbeError('not-video', 'The file is not a video (no video stream found)');
  if (/image2|_pipe$/.test(raw.formatName ?? '')) {
    throw new VideoProbeError('not-video', `The file is a still image (${v.codec}), not a video`);
  }
  if (!(v.width > 0 && v.height > 0)) {
    throw new VideoProbeError('corrupt', 'The video is truncated or corrupt: its frame size is unknown');
  }
  const minSide = opts.minSide ?? 16;
  const maxPixels = opts.maxPixels ?? Infinity;
  const size = `Frame size ${v.width}x${v.height} is outside the supported range`;
  if (v.width < minSide || v.height < minSide) {
    throw new VideoProbeError('dimensions', `${size}: too small, frames must be at least ${minSide}x${minSide} pixels`);
  }
  if (v.width * v.height > maxPixels) {
    throw new VideoProbeError('dimensions', `${size}: too large (${megapixels(v.width * v.height)}), the largest accepted frame is ${megapixels(maxPixels)}`);
  }
  const fps = v.fps;
  if (!(fps > 0)) throw new VideoProbeError('corrupt', 'The video is truncated or corrupt: its frame rate is unknown (0 fps)');
  if (!(fps <= MAX_SOURCE_FPS)) {
    throw new VideoProbeError('frame-rate', `The video claims ${Math.round(fps)} frames per second (at most ${MAX_SOURCE_FPS} are supported): its timing information is broken`);
  }
  // Prefer the video stream's own duration: a longer audio track must not add phantom frames.
  const durationS = v.durationS ?? raw.formatDurationS ?? (v.frameCount ? v.frameCount / fps : undefined);
  if (durationS === undefined || !(durationS > 0)) {
    throw new VideoProbeError('corrupt', 'The video is truncated or corrupt: its duration is unknown or zero');
  }
  const maxSeconds = opts.maxSeconds ?? Infinity;
  if (durationS > maxSeconds) {
    throw new VideoProbeError('duration', `The video is ${fmtDuration(durationS)} long; the limit is ${fmtDuration(maxSeconds)}`);
  }
  const sar = v.sar && v.sar > 0 ? v.sar : 1;
  const rotation = v.rotation ?? 0;
  const quarterTurn = Math.abs(Math.round(rotation / 90)) % 2 === 1;
  return {
    durationS,
    fps,
    width: v.width,
    height: v.height,
    displayAspect: quarterTurn ? v.height / (v.width * sar) : (v.width * sar) / v.height,
    rotation,
    codec: v.codec,
    formatName: raw.formatName ?? 'unknown',
    sizeBytes,
    interlaced: v.interlaced ?? false,
  };
}

/** Does the file start with an ISO-BMFF box (ftyp/mdat/moov/free/wide/skip)? */
function looksLikeIsoMedia(file: string): boolean {
  const head = Buffer.alloc(8);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 8, 0);
  } finally {
    fs.closeSync(fd);
  }
  return /^(ftyp|mdat|moov|free|wide|skip)$/.test(head.toString('latin1', 4, 8));
}

function megapixels(n: number): string {
  return `${(n / 1e6).toFixed(1)} megapixels`;
}

function fmtDuration(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.round(s % 60);
  return h ? `${h} h ${m} min` : m ? `${m} min ${sec} s` : `${sec} s`;
}

async function checkTail(ffmpeg: string, file: string, p: VideoProbe): Promise<void> {
  const at = Math.max(0, p.durationS - 1.5);
  const r = await new Promise<{ bytes: number; stderr: string }>((resolve, reject) => {
    // Only "a picture comes out near the end" matters, not its pixels: skipping non-reference
    // frames and the deblocking filter while decoding from the preceding keyframe (up to a whole
    // GOP, 10 s for x264's default) cut this check from ~1.35 s to ~0.6 s of CPU on a 720p video.
    const proc = spawn(ffmpeg, ['-v', 'error', '-nostdin', '-skip_frame', 'noref', '-skip_loop_filter', 'all', '-ss', at.toFixed(3), '-i', file, '-an', '-frames:v', '1',
      '-vf', 'scale=16:16', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let bytes = 0;
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (bytes += d.length));
    proc.stderr.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-4000)));
    proc.on('error', reject);
    proc.on('close', () => resolve({ bytes, stderr }));
  });
  if (r.bytes === 0) {
    throw new VideoProbeError('corrupt',
      `The video is truncated or corrupt: no picture can be decoded near its end (${at.toFixed(1)} s of ${p.durationS.toFixed(1)} s)`,
      r.stderr);
  }
}

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
  /**
   * Also deliver each frame area-shrunk to this size (`SampledFrame.work`): ffmpeg scales it
   * from the RGB frame on its own threads (~0.5 ms of CPU a frame), instead of this thread
   * (OpenCV-wasm INTER_AREA, ~2.5 ms). Must not be larger than the frame.
   */
  workSize?: { width: number; height: number };
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
  /** With `workSize`: the same picture area-shrunk to it, packed RGB24 (`rgb` itself when the sizes agree). */
  work?: Uint8Array;
  /**
   * Optional: hands `rgb` and `work` back for reuse by later frames of this call once the consumer is
   * completely done with them (and every asynchronous reader of them has finished). Call at most once.
   */
  release(): void;
}

/** Decode this much before a chunk's start and after its end (see sampleFrames). */
const SEEK_MARGIN_S = 1;

/**
 * Decode frames of one time chunk as RGB24 over a pipe. Memory stays bounded: at most
 * two frames wait unread (RawFrameReader pauses the pipe), so a slow consumer
 * stalls ffmpeg instead of buffering the video. Breaking out of the loop or aborting
 * kills ffmpeg. A file that ends early (truncated upload) throws VideoDecodeError.
 */
export async function* sampleFrames(file: string, opts: SampleOptions): AsyncGenerator<SampledFrame> {
  const probe = opts.probe ?? (await probeVideo(file, { checkTail: false }));
  const { fps } = opts;
  const { width, height } = sampleSize(probe, opts.width, opts.height);
  const { first, end } = chunkIndexRange(fps, opts.startS ?? 0, opts.durationS ?? Infinity, probe.durationS);
  if (end <= first) return;
  // Seek to a grid point about a second before the first owned one. The margin
  // matters for MPEG-PS/TS, whose byte-based seeking can land a few frames late; the frames
  // before `first` are decoded only so every owned instant picks the same source picture
  // as an unchunked run, and are dropped below.
  const lead = Math.max(0, first - Math.ceil(SEEK_MARGIN_S * fps));
  const seek = lead / fps;
  // Read past the end too: MPEG-PS timestamps can make -t stop a frame early; the loop
  // below stops at `end` and kills ffmpeg.
  const span = (end - lead) / fps + SEEK_MARGIN_S;
  const ws = opts.workSize;
  if (ws && (ws.width > width || ws.height > height || ws.width < 1 || ws.height < 1)) {
    throw new RangeError(`work size ${ws.width}x${ws.height} must be within the frame size ${width}x${height}`);
  }
  const dual = ws !== undefined && (ws.width !== width || ws.height !== height);
  // -copyts -start_at_zero keeps timestamps "seconds from the start of the file" whatever
  // the seek landed on (MPEG-PS seeks shift them by up to half a frame otherwise, and the
  // fps filter then picks a neighbouring picture).
  const args = ['-v', 'error', '-nostdin', '-hide_banner', '-copyts', '-start_at_zero'];
  if (seek > 0) args.push('-ss', seek.toFixed(6));
  // start_time pins the fps filter's first tick to the seek point even when the first
  // decoded picture is a little later (it repeats that picture), so output k is tick lead + k.
  // Interlaced sources are deinterlaced first (yadif at full field rate would change the
  // frame count; send_frame keeps one picture per frame), else combing reaches the CNN.
  const sampling = `${probe.interlaced ? 'yadif=mode=send_frame:deint=interlaced,' : ''}fps=fps=${fps}:start_time=${seek.toFixed(6)},scale=${width}:${height}:flags=area`;
  args.push('-t', span.toFixed(6), '-i', file);
  if (!dual) args.push('-an', '-sn', '-dn', '-vf', sampling, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1');
  else {
    // One decode, two outputs: the frame on stdout and its work-size copy on fd 3. 0:V:0 is
    // the stream probeVideo describes (the first video stream that is not cover art).
    args.push('-filter_complex', `[0:V:0]${sampling},format=rgb24,split[frame][w];[w]scale=${ws.width}:${ws.height}:flags=area[work]`,
      '-map', '[frame]', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1',
      '-map', '[work]', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:3');
  }
  opts.signal?.throwIfAborted();
  const proc = spawn(ffmpegBinaries().ffmpeg, args, { stdio: dual ? ['ignore', 'pipe', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d).slice(-8000)));
  const closed = new Promise<{ code: number | null; spawnError?: Error }>((resolve) => {
    proc.on('error', (spawnError) => resolve({ code: null, spawnError }));
    proc.on('close', (code) => resolve({ code }));
  });
  const onAbort = () => proc.kill('SIGKILL');
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  const pools = { frame: new FramePool(width * height * 3), work: dual ? new FramePool(ws.width * ws.height * 3) : null };
  const frames = new RawFrameReader(proc.stdout!, width * height * 3, pools.frame);
  const works = dual ? new RawFrameReader(proc.stdio[3] as Readable, ws.width * ws.height * 3, pools.work!) : null;
  const releaser = (rgb: Uint8Array, work: Uint8Array | undefined) => () => {
    pools.frame.give(rgb);
    if (work && work !== rgb) pools.work?.give(work);
  };
  let k = 0;
  let got = 0;
  let complete = false;
  try {
    for (;;) {
      const rgb = await frames.next();
      const work = works ? await works.next() : undefined;
      if (!rgb || work === null) break;
      const index = lead + k++;
      if (index < first) {
        releaser(rgb, work)(); // lead-in frame, owned by the previous chunk
        continue;
      }
      // The fps filter may emit one frame past the chunk end; the next chunk owns it.
      if (index >= end) break;
      opts.signal?.throwIfAborted();
      got++;
      yield { index, t: index / fps, rgb, width, height, ...(ws ? { work: work ?? rgb } : {}), release: releaser(rgb, work) };
    }
    opts.signal?.throwIfAborted();
    complete = true;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
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
