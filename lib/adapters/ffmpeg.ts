import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { ffmpegBinaries } from './ffmpeg-binary';
import { parseFfmpegInfo, parseFfprobeJson, type RawProbe } from '../vision/probe-parse';

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
  if (opts.checkTail !== false) await checkVideoTail(file, probe);
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

/**
 * Decode one picture near the end: refuses a file cut short after a valid header (an interrupted
 * upload, a header that claims hours) before any chunk is planned around the claimed duration.
 */
export async function checkVideoTail(file: string, p: VideoProbe): Promise<void> {
  const { ffmpeg } = ffmpegBinaries();
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
