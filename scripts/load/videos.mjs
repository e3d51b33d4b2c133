/**
 * Test videos for the load test. Default: ffmpeg's moving test pattern at CCTV size
 * (720x576, 25 fps, H.264), one hue per upload so every file differs — seconds to make.
 * --synth: the synthetic sewer footage generator (real defects, much slower to render).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function makeVideos({ dir, count, seconds, synth, root }) {
  fs.mkdirSync(dir, { recursive: true });
  const files = [];
  for (let i = 0; i < count; i++) {
    const out = path.join(dir, `load-${synth ? 'synth' : 'pattern'}-${seconds}s-${i}.mp4`);
    if (!fs.existsSync(out)) {
      if (synth) {
        execFileSync(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', 'synth', 'video', '--out', out, '--seconds', String(seconds), '--seed', String(1000 + i)], { cwd: root, stdio: 'inherit' });
      } else {
        const ffmpeg = process.env.FFMPEG_PATH || 'ffmpeg';
        execFileSync(ffmpeg, [
          '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=720x576:rate=25', '-t', String(seconds),
          '-vf', `hue=h=${(i * 36) % 360}`, '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', out,
        ]);
      }
    }
    files.push(out);
  }
  return files;
}
