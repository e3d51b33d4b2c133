/**
 * Pull up to `depth` items ahead of the consumer. Used on the frame decoder so ffmpeg
 * keeps decoding (in its own process, on the other core) while this thread normalizes
 * and classifies; without it the pipe fills and ffmpeg waits for us. Memory is bounded
 * by `depth` items. Errors surface at the position they occurred.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, depth: number): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  const ahead: Promise<IteratorResult<T>>[] = [];
  let finished = false;
  try {
    for (;;) {
      while (!finished && ahead.length < depth) {
        const p = it.next();
        // Avoid unhandled-rejection noise for requests queued behind a failing one.
        p.catch(() => undefined);
        ahead.push(p);
      }
      const r = await ahead.shift()!;
      if (r.done) {
        finished = true;
        return;
      }
      yield r.value;
    }
  } finally {
    if (!finished) await it.return?.(undefined);
  }
}
