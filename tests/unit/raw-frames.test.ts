import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FramePool, RawFrameReader } from '../../lib/adapters/raw-frames';
import { MpjpegFrameReader } from '../../lib/adapters/mpjpeg-frames';

const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 255);

describe('RawFrameReader', () => {
  it('cuts a byte stream into whole frames whatever the chunking, and reports a torn last frame', async () => {
    const s = new PassThrough();
    const r = new RawFrameReader(s, 5);
    s.write(Buffer.from(bytes(0, 3)));
    s.write(Buffer.from(bytes(3, 9))); // completes frame 0, frame 1, and 2 bytes of frame 2
    s.end(Buffer.from(bytes(12, 1)));
    expect(Array.from((await r.next())!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from((await r.next())!)).toEqual([5, 6, 7, 8, 9]);
    expect(await r.next()).toBeNull();
    expect(r.partialBytes).toBe(3);
  });

  it('pauses the stream while frames wait unread, and resumes as they are taken', async () => {
    const s = new PassThrough();
    const r = new RawFrameReader(s, 4, undefined, 2);
    s.write(Buffer.from(bytes(0, 12))); // three frames at once
    await new Promise((res) => setImmediate(res));
    expect(s.isPaused()).toBe(true);
    await r.next();
    await r.next();
    expect(s.isPaused()).toBe(false);
    s.end();
    expect(Array.from((await r.next())!)).toEqual([8, 9, 10, 11]);
    expect(await r.next()).toBeNull();
  });

  it('fills frames from the pool: a frame given back is reused, never twice at once', async () => {
    const pool = new FramePool(4, 8);
    const s = new PassThrough();
    const r = new RawFrameReader(s, 4, pool);
    s.write(Buffer.from(bytes(0, 4)));
    const a = (await r.next())!;
    pool.give(a);
    pool.give(a); // a second give of the same buffer is ignored
    pool.give(new Uint8Array(3)); // wrong size: ignored
    s.write(Buffer.from(bytes(4, 8)));
    const b = (await r.next())!;
    const c = (await r.next())!;
    // The reader took one buffer ahead for frame 1 before `a` came back, so `a` serves frame 2.
    expect(c).toBe(a);
    expect(b).not.toBe(a);
    expect(Array.from(c)).toEqual([8, 9, 10, 11]);
    expect(() => new RawFrameReader(new PassThrough(), 5, pool)).toThrow(/pool holds 4-byte frames/);
  });

  it('passes a stream error to the reader', async () => {
    const s = new PassThrough();
    const r = new RawFrameReader(s, 4);
    s.destroy(new Error('pipe broke'));
    await expect(r.next()).rejects.toThrow('pipe broke');
  });
});

describe('MpjpegFrameReader', () => {
  const part = (body: Buffer) => Buffer.concat([Buffer.from(`--ffmpeg\r\nContent-type: image/jpeg\r\nContent-length: ${body.length}\r\n\r\n`), body, Buffer.from('\r\n')]);

  it('splits multipart JPEG parts by their length headers, across any chunking', async () => {
    const a = Buffer.from([0xff, 0xd8, 1, 2, 0x0d, 0x0a, 0x0d, 0x0a, 0xff, 0xd9]); // CRLFCRLF inside the picture
    const b = Buffer.from([0xff, 0xd8, 9, 0xff, 0xd9]);
    const all = Buffer.concat([part(a), part(b), Buffer.from('--ffmpeg\r\n')]);
    for (const step of [1, 7, all.length]) {
      const s = new PassThrough();
      const r = new MpjpegFrameReader(s);
      for (let i = 0; i < all.length; i += step) s.write(all.subarray(i, i + step));
      s.end();
      expect(await r.next()).toEqual(a);
      expect(await r.next()).toEqual(b);
      expect(await r.next()).toBeNull();
    }
  });

  it('fails its consumer, not the process, on a part without a length', async () => {
    const s = new PassThrough();
    const r = new MpjpegFrameReader(s);
    s.write(Buffer.from('--ffmpeg\r\nContent-type: image/jpeg\r\n\r\nxyz'));
    await expect(r.next()).rejects.toThrow(/without a length/);
  });
});
