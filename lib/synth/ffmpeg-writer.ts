import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { ffmpegBinaries } from '../adapters/ffmpeg-binary';

/** Adapter: streams raw RGB24 frames into ffmpeg's stdin and encodes H.264 (yuv420p, +faststart). */
export class VideoEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoEncodeError';
  }
}

export interface H264Writer {
  write(rgb: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export function openH264Writer(out: string, width: number, height: number, fps: number, crf = 23): H264Writer {
  const { ffmpeg } = ffmpegBinaries();
  const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-r', String(fps), '-i', '-',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', String(crf), '-pix_fmt', 'yuv420p', '-threads', '1', '-movflags', '+faststart', out];
  const proc: ChildProcessWithoutNullStreams = spawn(ffmpeg, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (b: Buffer) => {
    stderr = (stderr + b.toString()).slice(-4000);
  });
  const exited = new Promise<number>((resolve, reject) => {
    proc.on('error', (e) => reject(new VideoEncodeError(`cannot start ffmpeg (${ffmpeg}): ${e.message}`)));
    proc.on('close', (code) => resolve(code ?? -1));
  });
  let failed: Error | null = null;
  proc.stdin.on('error', (e) => {
    failed = new VideoEncodeError(`ffmpeg stdin: ${e.message}; ${stderr.trim()}`);
  });
  return {
    async write(rgb) {
      if (failed) throw failed;
      if (rgb.length !== width * height * 3) throw new VideoEncodeError(`frame has ${rgb.length} bytes, expected ${width * height * 3}`);
      // Respect backpressure: wait for 'drain' (or ffmpeg dying) before the next frame.
      if (!proc.stdin.write(rgb)) await Promise.race([once(proc.stdin, 'drain'), exited]);
    },
    async close() {
      proc.stdin.end();
      const code = await exited;
      if (failed) throw failed;
      if (code !== 0) throw new VideoEncodeError(`ffmpeg exited with ${code}: ${stderr.trim()}`);
    },
  };
}
