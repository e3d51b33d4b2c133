import type { AppConfig } from '../config';
import type { JobName } from './names';

/**
 * Queue settings per job kind (pg-boss 10 `createQueue` / `updateQueue`).
 *
 * Retries: 3 with exponential backoff from 2 s — a killed worker (lease, lib/jobs/lease.ts),
 * a dropped database connection or a full disk each cost one; a job that kills its
 * worker four times fails its inspection instead of looping.
 *
 * Expiry: with leases, a dead worker's job is retried after ~30 s, so `expireInSeconds`
 * only bounds a job that hangs in a LIVE worker (a stuck ffmpeg). pg-boss fails a job in
 * the worker itself after this long (and retries it), so it must exceed the slowest
 * healthy run by a wide margin:
 *  - ingest probes one file (ffprobe reads headers): 15 min.
 *  - process-chunk handles chunkSeconds × fps frames; a worker on 2 cores (wasm) does ~10–30
 *    frames/s (measured 50 frames in 1.5–2.5 s at 320×256), so 1 s per frame is a 10–30× margin;
 *    never under 30 min (the default 120 s × 5 fps chunk gets 30 min).
 *  - finalize reads every frame score of the inspection and writes snapshots: 2 h.
 */
export const RETRY_LIMIT = 3;

export interface QueuePolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  expireInSeconds: number;
}

/** pg-boss refuses expiries of 24 h or more. */
const MAX_EXPIRE_S = 23 * 3600;

export function queuePolicy(name: JobName, sampling: Pick<AppConfig['sampling'], 'chunkSeconds' | 'fps'>): QueuePolicy {
  const base = { retryLimit: RETRY_LIMIT, retryDelay: 2, retryBackoff: true };
  switch (name) {
    case 'ingest':
      return { ...base, expireInSeconds: 15 * 60 };
    case 'process-chunk': {
      const frames = Math.ceil(sampling.chunkSeconds * sampling.fps);
      return { ...base, expireInSeconds: Math.min(MAX_EXPIRE_S, Math.max(30 * 60, frames)) };
    }
    case 'finalize':
      return { ...base, expireInSeconds: 2 * 3600 };
  }
}
