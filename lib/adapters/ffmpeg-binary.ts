import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where ffmpeg/ffprobe live: FFMPEG_PATH/FFPROBE_PATH, then PATH, then the static
 * build shipped inside the optional npm package @ffmpeg-installer/ffmpeg (old, but
 * it means `npm install` alone yields a working product). The npm package has no
 * ffprobe, so probing falls back to parsing `ffmpeg -i` when ffprobe is missing.
 */
export interface FfmpegBinaries {
  ffmpeg: string;
  ffprobe: string | null;
  source: 'env' | 'path' | 'npm';
}

function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const p = path.join(dir, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not in this PATH entry
    }
  }
  return null;
}

function fromNpm(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const p = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
    // npm may skip the package's chmod postinstall (install-scripts policy).
    try {
      fs.accessSync(p, fs.constants.X_OK);
    } catch {
      fs.chmodSync(p, 0o755);
    }
    execFileSync(p, ['-version'], { stdio: 'ignore' });
    return p;
  } catch {
    return null;
  }
}

let cached: FfmpegBinaries | undefined;

export function ffmpegBinaries(env: NodeJS.ProcessEnv = process.env): FfmpegBinaries {
  if (cached) return cached;
  if (env.FFMPEG_PATH) {
    cached = { ffmpeg: env.FFMPEG_PATH, ffprobe: env.FFPROBE_PATH ?? onPath('ffprobe'), source: 'env' };
    return cached;
  }
  const sys = onPath('ffmpeg');
  if (sys) {
    cached = { ffmpeg: sys, ffprobe: env.FFPROBE_PATH ?? onPath('ffprobe'), source: 'path' };
    return cached;
  }
  const npm = fromNpm();
  if (npm) {
    cached = { ffmpeg: npm, ffprobe: env.FFPROBE_PATH ?? null, source: 'npm' };
    return cached;
  }
  throw new Error('ffmpeg not found: install it (e.g. apt-get install ffmpeg), set FFMPEG_PATH, or keep the optional @ffmpeg-installer/ffmpeg package');
}
