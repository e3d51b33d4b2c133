import { describe, expect, it } from 'vitest';
import { prefetch } from '../../lib/util/prefetch';

async function* counter(n: number, log: string[], failAt = -1) {
  try {
    for (let i = 0; i < n; i++) {
      log.push(`produce ${i}`);
      await new Promise((r) => setTimeout(r, 1));
      if (i === failAt) throw new Error(`boom at ${i}`);
      yield i;
    }
  } finally {
    log.push('closed');
  }
}

describe('prefetch', () => {
  it('yields every item in order and reads ahead by at most depth', async () => {
    const log: string[] = [];
    const got: number[] = [];
    for await (const v of prefetch(counter(6, log), 3)) {
      got.push(v);
      const produced = log.filter((l) => l.startsWith('produce')).length;
      expect(produced).toBeLessThanOrEqual(v + 1 + 3);
    }
    expect(got).toEqual([0, 1, 2, 3, 4, 5]);
    expect(log.at(-1)).toBe('closed');
  });

  it('propagates errors at their position and closes the source on early exit', async () => {
    const got: number[] = [];
    await expect(async () => {
      for await (const v of prefetch(counter(10, [], 2), 4)) got.push(v);
    }).rejects.toThrow('boom at 2');
    expect(got).toEqual([0, 1]);
    const log: string[] = [];
    for await (const v of prefetch(counter(100, log), 2)) if (v === 1) break;
    expect(log).toContain('closed');
    expect(log.filter((l) => l.startsWith('produce')).length).toBeLessThan(10);
  });
});
