import type { Readable } from 'node:stream';

/**
 * Frame buffers handed back by consumers for reuse. A pipeline frame is ~0.7 MB; allocating one
 * per frame made V8 run a full mark-compact every ~10 frames (external-memory pressure), which
 * cost ~2.5 CPU-seconds on GC threads per 300 frames (a minute of video at 5 fps). Buffers never given back are simply
 * collected; `give` ignores a wrong size and anything beyond `max`.
 */
export class FramePool {
  private readonly free: Uint8Array[] = [];
  constructor(
    readonly frameBytes: number,
    private readonly max = 64,
  ) {}

  take(): Uint8Array {
    return this.free.pop() ?? new Uint8Array(this.frameBytes);
  }

  give(buf: Uint8Array): void {
    if (buf.length === this.frameBytes && this.free.length < this.max && !this.free.includes(buf)) this.free.push(buf);
  }
}

/**
 * Frames cut from a byte stream (ffmpeg writing to a pipe), bounded: once `maxQueued` whole
 * frames wait unread the stream is paused, so a slow consumer stalls the producer instead of
 * buffering the video. Several readers can be consumed in lockstep (one frame from each per
 * step) when ffmpeg writes several outputs of one frame. Subclasses say how frames are delimited.
 */
export abstract class FrameStreamReader<T> {
  private readonly queue: T[] = [];
  private ended = false;
  private failure?: Error;
  private wake?: () => void;

  constructor(
    private readonly stream: Readable,
    private readonly maxQueued: number,
  ) {
    stream.on('data', (chunk: Buffer) => {
      try {
        this.take(chunk);
      } catch (err) {
        // A malformed stream fails this reader's consumer, never the process.
        this.failure = err as Error;
        this.stream.destroy();
        this.notify();
        return;
      }
      if (this.queue.length >= this.maxQueued) this.stream.pause();
      this.notify();
    });
    stream.on('end', () => this.finish());
    stream.on('close', () => this.finish());
    stream.on('error', (err: Error) => {
      this.failure = err;
      this.notify();
    });
  }

  /** The next whole frame (owned by the caller), or null once the stream has ended. */
  async next(): Promise<T | null> {
    for (;;) {
      const f = this.queue.shift();
      if (f !== undefined) {
        if (this.queue.length < this.maxQueued && this.stream.isPaused()) this.stream.resume();
        return f;
      }
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /**
   * Stops reading and drops what is queued. A paused pipe never ends on its own, and a child
   * process whose pipe stays open never emits 'close': callers that stop early must dispose.
   */
  dispose(): void {
    this.queue.length = 0;
    this.stream.destroy();
    this.finish();
  }

  /** Consumes one chunk of the stream, calling `emit` for every frame it completes. */
  protected abstract take(chunk: Buffer): void;

  protected emit(frame: T): void {
    this.queue.push(frame);
  }

  private finish(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/** Fixed-size frames (ffmpeg `-f rawvideo`), written into buffers from `pool`. */
export class RawFrameReader extends FrameStreamReader<Uint8Array> {
  private current: Uint8Array;
  private filled = 0;

  constructor(
    stream: Readable,
    readonly frameBytes: number,
    private readonly pool: FramePool = new FramePool(frameBytes, 0),
    maxQueued = 2,
  ) {
    if (!(frameBytes > 0)) throw new RangeError(`frame size must be positive, got ${frameBytes}`);
    if (pool.frameBytes !== frameBytes) throw new RangeError(`pool holds ${pool.frameBytes}-byte frames, reader needs ${frameBytes}`);
    super(stream, maxQueued);
    this.current = pool.take();
  }

  /** Bytes of an incomplete frame left when the stream ended (a truncated last frame). */
  get partialBytes(): number {
    return this.filled;
  }

  protected take(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(this.frameBytes - this.filled, chunk.length - off);
      this.current.set(chunk.subarray(off, off + n), this.filled);
      this.filled += n;
      off += n;
      if (this.filled === this.frameBytes) {
        this.emit(this.current);
        this.current = this.pool.take();
        this.filled = 0;
      }
    }
  }
}
