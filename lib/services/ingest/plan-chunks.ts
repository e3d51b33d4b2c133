import { chunkIndexRange } from '../../vision/frame-sampling';

/**
 * Split a video into time chunks processed as separate jobs. Frame k is sampled at
 * t = k / fps; chunk c owns the frames with startS ≤ t < endS, so every frame belongs
 * to exactly one chunk however the chunks are cut.
 */
export interface ChunkPlan {
  index: number;
  startS: number;
  endS: number;
}

/** Frames at t = 0, 1/fps, … strictly before the end: the same grid the decoder samples. */
export function expectedFrameCount(durationS: number, fps: number): number {
  return chunkIndexRange(fps, 0, durationS, durationS).end;
}

export function planChunks(durationS: number, chunkSeconds: number): ChunkPlan[] {
  if (!(durationS > 0)) return [];
  const n = Math.max(1, Math.ceil(durationS / chunkSeconds - 1e-9));
  return Array.from({ length: n }, (_, i) => ({
    index: i,
    startS: i * chunkSeconds,
    endS: i === n - 1 ? durationS : (i + 1) * chunkSeconds,
  }));
}
