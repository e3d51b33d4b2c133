import { parseCli } from '../cli/args';
import { writeVideo } from './video';

export async function runVideoCli(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    out: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    fps: { type: 'string' },
    size: { type: 'string' },
    'render-scale': { type: 'string' },
  });
  if (!values.out || !values.seconds || values.seed === undefined) throw new Error('usage: sewer synth video --out F.mp4 --seconds N --seed S [--fps 25] [--size 720x576] [--render-scale 0.5]');
  const num = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
    return n;
  };
  const m = /^(\d+)x(\d+)$/.exec(values.size ?? '720x576');
  if (!m) throw new Error(`--size must be WxH, got "${values.size}"`);
  const t0 = performance.now();
  let last = 0;
  const res = await writeVideo({
    out: values.out,
    seconds: num('seconds', values.seconds),
    seed: num('seed', values.seed),
    fps: values.fps ? num('fps', values.fps) : 25,
    width: Number(m[1]),
    height: Number(m[2]),
    renderScale: values['render-scale'] ? num('render-scale', values['render-scale']) : undefined,
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 5000 || done === total) {
        last = now;
        process.stderr.write(`synth video: ${done}/${total} frames (${((done * 1000) / (now - t0)).toFixed(1)} frames/s)\n`);
      }
    },
  });
  console.log(JSON.stringify({ ...res, seconds: Math.round((performance.now() - t0) / 100) / 10 }));
  return 0;
}
