import { EventEmitter } from 'node:events';
import type { JobName } from './names';

/**
 * In-process doorbell: enqueue() rings it, and this process's idle job loops for that job kind
 * fetch at once instead of at their next poll. Workers in other processes still find the job
 * by polling; this only removes the poll delay from hand-offs inside one process (the embedded
 * worker, the headless CLI), where ingest → chunks → finalize used to wait up to one poll each.
 */
const bell = new EventEmitter();
bell.setMaxListeners(0);

export function ringJobBell(name: JobName): void {
  bell.emit(name);
}

/** Resolves after `ms`, or earlier when a job of this kind is enqueued here, or when aborted. */
export function waitForJobBell(name: JobName, ms: number, signal: AbortSignal): Promise<void> {
  return waitForRing(name, ms, signal);
}

/** Rung after this process's worker finishes any job (completed or failed). */
const FINISHED = Symbol('job finished');

export function ringJobFinished(): void {
  bell.emit(FINISHED);
}

/**
 * Resolves after `ms`, or earlier when a job finishes in this process: callers waiting for an
 * inspection to settle (the headless CLI, the bench) then look at once instead of at their next poll.
 */
export function waitForJobFinished(ms: number): Promise<void> {
  return waitForRing(FINISHED, ms);
}

function waitForRing(event: string | symbol, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      bell.off(event, done);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    bell.on(event, done);
    signal?.addEventListener('abort', done, { once: true });
  });
}
