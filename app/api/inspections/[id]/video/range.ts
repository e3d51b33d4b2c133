/**
 * Pure helpers for serving the inspection video: the browser's player seeks with
 * HTTP Range requests (RFC 9110 §14), and needs the right Content-Type to decide it can play it.
 */

export type ByteRange = { start: number; end: number };

/**
 * Parse a Range header against a file of `size` bytes. Returns null when there is no usable
 * header (serve the whole file), 'unsatisfiable' for a range outside the file (416), else the
 * inclusive byte range. Multi-range requests are answered with their first range only.
 */
export function parseRange(header: string | null, size: number): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)-(\d*)/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // Suffix range: the last N bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** ffprobe's format_name → MIME type; MP4 when unknown (what crawler cameras mostly write). */
export function videoContentType(formatName: string | null | undefined): string {
  const names = (formatName ?? '').split(',');
  const has = (n: string) => names.includes(n);
  if (has('mp4') || has('mov')) return 'video/mp4';
  if (has('webm') || has('matroska')) return has('webm') ? 'video/webm' : 'video/x-matroska';
  if (has('avi')) return 'video/x-msvideo';
  if (has('mpegts')) return 'video/mp2t';
  if (has('mpeg') || has('mpegvideo')) return 'video/mpeg';
  if (has('asf')) return 'video/x-ms-asf';
  if (has('ogg')) return 'video/ogg';
  return 'video/mp4';
}
