import { setTimeout as sleep } from 'node:timers/promises';
import { ringJobFinished, waitForJobBell } from '../lib/jobs/wake';
import type { Queue } from '../lib/jobs/queue';
import type { JobName } from '../lib/jobs/names';
import { errorMessage } from '../lib/util/error-message';

/**
 * Our own fetch → run → complete/fail loop over pg-boss' public API, instead of
 * `boss.work()`: pg-boss 10's worker fires complete()/fail() without awaiting them, so
 * a database restart while a job ends is an unhandled rejection, which kills the process
 * (Node's default, and TF.js' wasm module rethrows it too). Here every database call is
 * awaited, retried while the server is away, and logged — never fatal. It also honours
 * a per-queue concurrency (pg-boss 10 ignores `localConcurrency`).
 */
export interface FetchedJob {
  id: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  expireInSeconds: number;
}

export interface JobLoopOptions {
  queue: Queue;
  name: JobName;
  slots: number;
  pollMs: number;
  /** Resolves with the job's output; a throw fails the attempt (pg-boss retries it). */
  run(job: FetchedJob): Promise<unknown>;
  log(line: string): void;
}

/** How long to keep trying to record an outcome before leaving the job to the lease sweep. */
const RECORD_FOR_MS = 20_000;

export function startJobLoop(o: JobLoopOptions): { stop(): Promise<void> } {
  const stopping = new AbortController();

  async function record(job: FetchedJob, what: 'complete' | 'fail', data: unknown): Promise<void> {
    const until = Date.now() + RECORD_FOR_MS;
    for (let attempt = 1; ; attempt++) {
      try {
        await (what === 'complete' ? o.queue.complete(o.name, job.id, data as object) : o.queue.fail(o.name, job.id, data as object));
        if (attempt > 1) o.log(`[worker] ${o.name} ${job.id}: ${what} recorded after ${attempt} tries`);
        return;
      } catch (err) {
        if (attempt === 1) o.log(`[worker] ${o.name} ${job.id}: cannot record ${what} (${errorMessage(err)}); retrying`);
        if (Date.now() > until) {
          o.log(`[worker] ${o.name} ${job.id}: gave up recording ${what}; the lease sweep will re-run it (handlers are idempotent)`);
          return;
        }
        await sleep(1000);
      }
    }
  }

  async function runOne(job: FetchedJob): Promise<void> {
    const limitMs = Math.max(1, job.expireInSeconds) * 1000;
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`handler exceeded the job's expiry (${job.expireInSeconds} s)`)), limitMs);
    });
    const work = o.run(job);
    // Past its expiry a job is failed (and retried) as pg-boss would; a handler that still
    // finishes later must not surface as an unhandled rejection.
    work.catch(() => undefined);
    try {
      const output = await Promise.race([work, expired]);
      await record(job, 'complete', output ?? null);
    } catch (err) {
      await record(job, 'fail', err);
    } finally {
      clearTimeout(timer);
      ringJobFinished();
    }
  }

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted) {
      let job: FetchedJob | undefined;
      try {
        // pg-boss' fetch() itself returns [] when the database is unreachable.
        const jobs = (await o.queue.fetch(o.name, { batchSize: 1, includeMetadata: true })) as unknown as Record<string, unknown>[];
        const j = jobs?.[0];
        if (j) job = { id: String(j.id), data: j.data, retryCount: Number(j.retryCount ?? 0), retryLimit: Number(j.retryLimit ?? 0), expireInSeconds: Number(j.expireInSeconds ?? 900) };
      } catch (err) {
        o.log(`[worker] ${o.name}: fetch failed (${errorMessage(err)})`);
      }
      if (job) await runOne(job);
      else await waitForJobBell(o.name, o.pollMs, stopping.signal);
    }
  }

  const slots = Array.from({ length: Math.max(1, o.slots) }, () => slot());
  return {
    async stop() {
      stopping.abort();
      await Promise.all(slots);
    },
  };
}
