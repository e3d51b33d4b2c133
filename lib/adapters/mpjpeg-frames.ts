import type { Readable } from 'node:stream';
import { FrameStreamReader } from './raw-frames';

/**
 * JPEG frames from ffmpeg's multipart muxer (`-f mpjpeg`): every part is
 *   --BOUNDARY\r\n  header lines (one is Content-length: N)  \r\n\r\n  N bytes of JPEG  \r\n
 * The length header delimits each picture exactly (no scanning of entropy-coded data for markers).
 */
const HEADER_END = Buffer.from('\r\n\r\n');
/** A part header is a few dozen bytes; anything longer means the stream is not mpjpeg. */
const MAX_HEADER = 4096;

export class MpjpegFrameError extends Error {}

export class MpjpegFrameReader extends FrameStreamReader<Buffer> {
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of the current part's JPEG still to come, or -1 while reading a part header. */
  private need = -1;

  constructor(stream: Readable, maxQueued = 2) {
    super(stream, maxQueued);
  }

  protected take(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.need < 0) {
        const end = this.pending.indexOf(HEADER_END);
        if (end < 0) {
          if (this.pending.length > MAX_HEADER) throw new MpjpegFrameError('ffmpeg wrote no multipart JPEG header');
          return;
        }
        const header = this.pending.subarray(0, end).toString('latin1');
        const m = /content-length:\s*(\d+)/i.exec(header);
        if (!m) throw new MpjpegFrameError(`multipart JPEG part without a length: ${JSON.stringify(header.slice(0, 200))}`);
        this.need = Number(m[1]);
        this.pending = this.pending.subarray(end + HEADER_END.length);
      }
      // The JPEG and the CRLF that closes the part.
      if (this.pending.length < this.need + 2) return;
      // A copy: `pending` may be a view of a larger pipe chunk that would otherwise stay alive.
      this.emit(Buffer.from(this.pending.subarray(0, this.need)));
      this.pending = this.pending.subarray(this.need + 2);
      this.need = -1;
    }
  }
}
