/**
 * Pure arithmetic for frame sampling.
 *
 * Sampled frames sit on one global grid per inspection: frame `index` is the picture
 * at t = index / fps seconds. A time chunk [startS, startS + durationS) owns exactly
 * the indexes whose t falls inside it, so consecutive chunks partition the grid with
 * no duplicates or gaps, whatever the chunk boundaries are.
 */

/** Tolerance for float noise in t·fps (e.g. 0.6·5 = 2.9999999999999996). */
const EPS = 1e-6;

export interface IndexRange {
  /** First owned index. */
  first: number;
  /** One past the last owned index. */
  end: number;
}

export function chunkIndexRange(fps: number, startS: number, durationS: number, videoDurationS: number): IndexRange {
  if (!(fps > 0)) throw new RangeError(`sample fps must be > 0, got ${fps}`);
  const start = Math.max(0, startS);
  const stop = Math.min(videoDurationS, start + Math.max(0, durationS));
  const first = Math.max(0, Math.ceil(start * fps - EPS)); // max() also turns -0 into 0
  const end = Math.max(first, Math.ceil(stop * fps - EPS));
  return { first, end };
}

export function indexTime(index: number, fps: number): number {
  return index / fps;
}

/** Nearest even integer ≥ 2: H.264-friendly and what yuv420 scalers expect. */
function even(x: number): number {
  return Math.max(2, Math.round(x / 2) * 2);
}

/**
 * Output size for sampled frames: the requested width (made even) and, unless given,
 * the height that keeps the display aspect ratio (PAL 720x576 with SAR 16:15 is 4:3).
 * Callers that preallocate per-size buffers (normalizer Mats) call this first.
 */
export function sampleSize(
  src: { width: number; height: number; displayAspect?: number },
  width: number,
  height?: number,
): { width: number; height: number } {
  if (!(width > 0)) throw new RangeError(`sample width must be > 0, got ${width}`);
  const aspect = src.displayAspect && src.displayAspect > 0 ? src.displayAspect : src.width / src.height;
  const w = even(width);
  if (height !== undefined) return { width: w, height: even(height) };
  return { width: w, height: even(w / aspect) };
}
