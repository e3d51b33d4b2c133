import { describe, expect, it } from 'vitest';
import { ringJobBell, ringJobFinished, waitForJobBell, waitForJobFinished } from '../../lib/jobs/wake';

describe('job doorbell', () => {
  it('wakes only the loops of the kind that was enqueued, else waits the poll interval', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    const chunk = waitForJobBell('process-chunk', 5_000, ac.signal).then(() => performance.now() - t0);
    const finalize = waitForJobBell('finalize', 300, ac.signal).then(() => performance.now() - t0);
    ringJobBell('process-chunk');
    expect(await chunk).toBeLessThan(100);
    expect(await finalize).toBeGreaterThanOrEqual(250);
  });
  it('stops waiting when the worker stops', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    const w = waitForJobBell('ingest', 5_000, ac.signal);
    ac.abort();
    await w;
    expect(performance.now() - t0).toBeLessThan(100);
  });
  it('a finished job wakes whoever waits for an inspection to settle; without one the wait runs out', async () => {
    const t0 = performance.now();
    const woken = waitForJobFinished(5_000).then(() => performance.now() - t0);
    ringJobBell('finalize'); // an enqueue is not a finish
    ringJobFinished();
    expect(await woken).toBeLessThan(100);
    const t1 = performance.now();
    await waitForJobFinished(150);
    expect(performance.now() - t1).toBeGreaterThanOrEqual(140);
  });
});
