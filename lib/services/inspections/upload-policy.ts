import type { AppConfig } from '../../config';

/**
 * What an upload may be, decided before a single byte is stored. Pure functions of the
 * configured limits; the tus server (lib/upload/tus-server.ts) and startInspection use them.
 * The user's file name is only ever metadata: stored files get generated names.
 */

/** Longest original file name kept, in code points (longer names are cut, not refused). */
export const MAX_FILENAME_CHARS = 255;

/**
 * C0/C1 controls, DEL, and the bidi overrides/isolates that can make "evil\u202Egpj.mp4"
 * display as "evilmp4.jpg". They are invisible in a file name and never meaningful.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Half of a surrogate pair on its own is not text (PostgreSQL would store U+FFFD anyway). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * The name kept as metadata: invisible characters removed, unpaired surrogates replaced, cut
 * to MAX_FILENAME_CHARS code points (never inside a surrogate pair; the extension survives).
 * Path separators and ".." are kept as typed: the name is displayed (escaped), never a path.
 */
export function cleanOriginalFilename(raw: string | null | undefined): string {
  const s = (raw ?? '').replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, '').trim();
  const chars = Array.from(s);
  if (chars.length <= MAX_FILENAME_CHARS) return s || 'video';
  // Cut the stem, keep a short extension: "…very long name.mp4" still says what it is.
  const ext = extensionOf(s);
  const keep = ext && ext.length <= 16 ? MAX_FILENAME_CHARS - ext.length - 1 : MAX_FILENAME_CHARS;
  return chars.slice(0, keep).join('') + (keep < MAX_FILENAME_CHARS ? `.${s.slice(s.length - ext.length)}` : '');
}

/** "clip.final.MP4" → "mp4"; no extension → "". Looks at the last path segment only. */
export function extensionOf(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 || (dot === 0 && base.length > 1) ? base.slice(dot + 1).toLowerCase() : '';
}

export function typeAllowed(type: string, allowed: readonly string[]): boolean {
  const t = type.split(';')[0].trim().toLowerCase();
  if (t === '') return true; // browsers send "" for types they do not know (.mkv, .mts on many systems)
  return allowed.some((a) => (a.endsWith('/*') ? t.startsWith(a.slice(0, -1)) : t === a));
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) (v /= 1024), i++;
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

export interface UploadRequest {
  filename?: string;
  filetype?: string;
  /** Declared total size; undefined when the client defers it (then the store enforces the limit as bytes arrive). */
  size?: number;
}

/** Why this upload is refused (a message for the person uploading), or null when it may start. */
export function uploadRefusal(limits: AppConfig['limits'], req: UploadRequest): { status: number; message: string } | null {
  const name = cleanOriginalFilename(req.filename);
  const ext = extensionOf(name);
  const allowed = limits.uploadExtensions;
  if (!allowed.includes(ext)) {
    const what = ext ? `".${ext}" files are not accepted` : 'the file name has no extension';
    return { status: 415, message: `${what}; upload a video (${allowed.map((x) => `.${x}`).join(', ')})` };
  }
  if (req.filetype && !typeAllowed(req.filetype, limits.uploadTypes)) {
    return { status: 415, message: `The file is declared as "${req.filetype.slice(0, 100)}", not a video; upload a video file` };
  }
  if (req.size !== undefined) {
    if (req.size === 0) return { status: 400, message: 'The file is empty (0 bytes)' };
    if (req.size > limits.maxUploadBytes) {
      return { status: 413, message: `The file is ${formatBytes(req.size)}; the largest accepted upload is ${formatBytes(limits.maxUploadBytes)}` };
    }
  }
  return null;
}
