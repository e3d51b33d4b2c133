/**
 * Time → distance along the segment, assuming the crawler moves at a constant speed
 * from the start manhole (0 m, t = startS) to the end manhole (lengthM, t = endS).
 * This is the fallback until the burned-in distance overlay ("LZ2: 32.9m") is read by OCR.
 * Times outside [startS, endS] clamp to the ends: a crawler parked at a manhole is there.
 */

export interface CrawlerTrack {
  /** Segment (pipe) length in metres, manhole to manhole. */
  lengthM: number;
  /** Video duration in seconds (or the end of travel, if known). */
  durationS: number;
  /** When travel starts (e.g. after the start-manhole setup shot); default 0. */
  startS?: number;
  /** When travel ends; default durationS. */
  endS?: number;
}

export function timeToDistance(t: number, track: CrawlerTrack): number {
  const start = track.startS ?? 0;
  const end = track.endS ?? track.durationS;
  if (!(track.lengthM >= 0) || !(end > start)) {
    throw new RangeError(`invalid crawler track: length ${track.lengthM} m, travel ${start}..${end} s`);
  }
  const f = Math.min(1, Math.max(0, (t - start) / (end - start)));
  return f * track.lengthM;
}

/** Inverse of timeToDistance (for jumping the video player to a distance). */
export function distanceToTime(m: number, track: CrawlerTrack): number {
  const start = track.startS ?? 0;
  const end = track.endS ?? track.durationS;
  if (!(track.lengthM > 0) || !(end > start)) {
    throw new RangeError(`invalid crawler track: length ${track.lengthM} m, travel ${start}..${end} s`);
  }
  const f = Math.min(1, Math.max(0, m / track.lengthM));
  return start + f * (end - start);
}

/**
 * Distance function for a segment whose length may be unknown (metadata not entered):
 * then every distance is null and reports show times only.
 */
export function distanceFn(lengthM: number | null | undefined, durationS: number): (t: number) => number | null {
  if (lengthM == null || !(lengthM > 0) || !(durationS > 0)) return () => null;
  const track = { lengthM, durationS };
  return (t) => Math.round(timeToDistance(t, track) * 100) / 100; // centimetres are plenty
}
