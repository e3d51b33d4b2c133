/**
 * Pure parsers for what ffprobe (JSON) and `ffmpeg -i` (stderr text) say about a file.
 * Both produce the same RawProbe; deciding whether the file is acceptable is done
 * by interpretProbe in the ffmpeg adapter.
 */

export interface RawVideoStream {
  codec: string;
  width: number;
  height: number;
  /** Frames per second (average rate when known, else the container's base rate). */
  fps: number;
  /** Sample aspect ratio as a number (1 = square pixels); undefined when unknown. */
  sar?: number;
  durationS?: number;
  frameCount?: number;
  /** Field-coded (interlaced) video: tt/bb/tb/bt, "top first"/"bottom first". */
  interlaced?: boolean;
  /** Display rotation in degrees (phone footage); ffmpeg applies it while decoding. */
  rotation?: number;
}

export interface RawProbe {
  /** Set when the tool could not open/parse the file at all: its stderr. */
  error?: string;
  formatName?: string;
  formatDurationS?: number;
  video?: RawVideoStream;
}

function ratio(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)[/:](\d+(?:\.\d+)?)$/.exec(s.trim());
  if (m) {
    const d = Number(m[2]);
    return d > 0 ? Number(m[1]) / d : undefined;
  }
  const n = Number(s);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

function num(s: unknown): number | undefined {
  const n = typeof s === 'number' ? s : typeof s === 'string' && s.trim() !== '' ? Number(s) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  sample_aspect_ratio?: string;
  duration?: string;
  nb_frames?: string;
  field_order?: string;
  disposition?: { attached_pic?: number };
  side_data_list?: { rotation?: number }[];
  tags?: { rotate?: string };
}

export function parseFfprobeJson(json: string): RawProbe {
  let doc: { streams?: FfprobeStream[]; format?: { format_name?: string; duration?: string } };
  try {
    doc = JSON.parse(json);
  } catch {
    return { error: 'ffprobe printed no readable JSON' };
  }
  // Cover art in audio files is a "video" stream with attached_pic; it is not footage.
  const vs = (doc.streams ?? []).find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const out: RawProbe = { formatName: doc.format?.format_name, formatDurationS: num(doc.format?.duration) };
  if (vs) {
    out.video = {
      codec: vs.codec_name ?? 'unknown',
      width: vs.width ?? 0,
      height: vs.height ?? 0,
      fps: ratio(vs.avg_frame_rate) ?? ratio(vs.r_frame_rate) ?? 0,
      sar: ratio(vs.sample_aspect_ratio),
      durationS: num(vs.duration),
      frameCount: num(vs.nb_frames),
      interlaced: ['tt', 'bb', 'tb', 'bt'].includes(vs.field_order ?? ''),
      rotation: num(vs.side_data_list?.find((d) => d.rotation !== undefined)?.rotation) ?? num(vs.tags?.rotate) ?? 0,
    };
  }
  return out;
}

/** Parse the banner `ffmpeg -hide_banner -i FILE` writes to stderr (used when ffprobe is absent). */
export function parseFfmpegInfo(stderr: string): RawProbe {
  const input = /^Input #0, (.+?), from '/m.exec(stderr);
  if (!input) return { error: stderr.trim() || 'ffmpeg could not open the file' };
  const out: RawProbe = { formatName: input[1] };
  const dur = /Duration: (\d+):(\d+):(\d+(?:\.\d+)?)/.exec(stderr);
  if (dur) out.formatDurationS = Number(dur[1]) * 3600 + Number(dur[2]) * 60 + Number(dur[3]);
  for (const line of stderr.split('\n')) {
    const m = /Stream #0:\d+.*?: Video: (\w+)(.*)$/.exec(line);
    if (!m || /\(attached pic\)/.test(line)) continue;
    const rest = m[2];
    // The size always follows ", "; this keeps codec tags like "0x31637661" from matching.
    const size = /, (\d+)x(\d+)(?: \[SAR (\d+):(\d+) DAR \d+:\d+\])?/.exec(rest);
    const fps = /, (\d+(?:\.\d+)?)(k?) fps/.exec(rest) ?? /, (\d+(?:\.\d+)?)(k?) tbr/.exec(rest);
    out.video = {
      codec: m[1],
      width: size ? Number(size[1]) : 0,
      height: size ? Number(size[2]) : 0,
      fps: fps ? Number(fps[1]) * (fps[2] ? 1000 : 1) : 0,
      sar: size?.[3] ? ratio(`${size[3]}:${size[4]}`) : undefined,
      interlaced: /\b(?:top|bottom) (?:coded )?first\b/.test(rest),
      rotation: Number(/displaymatrix: rotation of (-?\d+(?:\.\d+)?) degrees/.exec(stderr)?.[1] ?? /^\s+rotate\s+: (-?\d+)/m.exec(stderr)?.[1] ?? 0),
    };
    break;
  }
  return out;
}
