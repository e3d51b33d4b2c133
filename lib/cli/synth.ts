import { parseCli } from './args';

const USAGE = `usage:
  sewer synth dataset --out DIR --count N --seed S [--size 256] [--normal-frac 0.4] [--balance balanced|sewerml] [--format jpg|png] [--render-scale R] [--lighting normal|strong] [--z-range 0.75,2] [--labels visible|placed]
      (R default: 0.5 when the smaller side is >= 192 px — shading at 128 px for 256 px images, which is
       all a <=128 px model sees, at twice the speed; 1 = full-resolution shading)
      (--labels visible, the default: a placed defect is labelled only when it visibly changes the frame at
       112 px — see lib/synth/visibility.ts; placed: every placed defect is labelled, seen or not)
  sewer synth stream --out DIR --chunks N --seed S [--chunk 6000] [--input-size 112] [--mix normal:0.64,strong:0.19,near:0.17]
      (training stills that are never repeated: renders, normalizes and caches chunk-0000.sewerds.gz,
       chunk-0001… one after another, by default 64 % ordinary / 19 % strong lighting / 17 % defects close
       by; --mix re-weights those parts and can add texture: stills where cracks, surface damage and
       attached deposits (the confusable wall textures) are drawn more often and together;
       \`train --stream DIR\` trains each epoch on the next chunk. Run it on a core the trainer does not use.)
  sewer synth video --out F.mp4 --seconds N --seed S [--fps 25] [--size 720x576] [--render-scale 0.5]
  sewer synth sheet --out F.png [--seed S] [--rows 2]     labelled contact sheet, one column per class`;

function int(name: string, v: string | undefined, def?: number): number {
  if (v === undefined) {
    if (def === undefined) throw new Error(`--${name} is required\n${USAGE}`);
    return def;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got "${v}"`);
  return n;
}

function size(v: string | undefined, def: [number, number]): [number, number] {
  if (!v) return def;
  const m = /^(\d+)(?:x(\d+))?$/.exec(v);
  if (!m) throw new Error(`--size must be N or WxH, got "${v}"`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

function labelsOpt(v: string | undefined): 'visible' | 'placed' {
  if (v === undefined || v === 'visible' || v === 'placed') return v ?? 'visible';
  throw new Error('--labels must be visible or placed');
}

function lightingOpt(v: string | undefined): 'normal' | 'strong' {
  if (v === undefined || v === 'normal' || v === 'strong') return v ?? 'normal';
  throw new Error('--lighting must be normal or strong');
}

/** "A,B" radii ahead of the camera, 0.5 ≤ A < B ≤ 6 (nearer, the wall leaves the frame; farther, it is a few pixels). */
function zRangeOpt(v: string | undefined): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^([\d.]+),([\d.]+)$/.exec(v);
  const [a, b] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!(a >= 0.5 && b > a && b <= 6)) throw new Error(`--z-range must be A,B with 0.5 ≤ A < B ≤ 6 (pipe radii), got "${v}"`);
  return [a, b];
}

async function dataset(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    out: { type: 'string' },
    count: { type: 'string' },
    seed: { type: 'string' },
    size: { type: 'string' },
    'normal-frac': { type: 'string' },
    balance: { type: 'string' },
    format: { type: 'string' },
    'render-scale': { type: 'string' },
    lighting: { type: 'string' },
    'z-range': { type: 'string' },
    labels: { type: 'string' },
  });
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const [width, height] = size(values.size, [256, 256]);
  const balance = (values.balance ?? 'balanced') as 'balanced' | 'sewerml';
  if (balance !== 'balanced' && balance !== 'sewerml') throw new Error('--balance must be balanced or sewerml');
  const format = (values.format ?? 'jpg') as 'jpg' | 'png';
  const { writeDataset } = await import('../synth/dataset');
  const count = int('count', values.count);
  const t0 = performance.now();
  let last = 0;
  const res = await writeDataset({
    out: values.out,
    count,
    seed: int('seed', values.seed),
    width,
    height,
    normalFrac: int('normal-frac', values['normal-frac'], 0.4),
    balance,
    format,
    renderScale: int('render-scale', values['render-scale'], Math.min(width, height) >= 192 ? 0.5 : 1),
    lighting: lightingOpt(values.lighting),
    zRange: zRangeOpt(values['z-range']),
    labels: labelsOpt(values.labels),
    onProgress: (done, total) => {
      const now = performance.now();
      if (now - last > 5000 || done === total) {
        last = now;
        process.stderr.write(`synth dataset: ${done}/${total} (${((done * 1000) / (now - t0)).toFixed(1)} frames/s)\n`);
      }
    },
  });
  const s = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ out: values.out, ...res, seconds: Math.round(s * 10) / 10, fps: Math.round((count / s) * 10) / 10 }));
  return 0;
}

async function stream(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    out: { type: 'string' },
    chunks: { type: 'string' },
    chunk: { type: 'string' },
    seed: { type: 'string' },
    'input-size': { type: 'string' },
    mix: { type: 'string' },
  });
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const chunk = int('chunk', values.chunk, 6000);
  const chunks = int('chunks', values.chunks);
  if (!(chunk >= 10 && chunks >= 1)) throw new Error('--chunk must be at least 10 and --chunks at least 1');
  const { produceChunks, parseStreamMix } = await import('../ml/still-stream');
  const { config } = await import('../config');
  const mix = values.mix === undefined ? undefined : parseStreamMix(values.mix);
  const files = await produceChunks({ out: values.out, chunk, chunks, seed: int('seed', values.seed), inputSize: int('input-size', values['input-size'], 112), normalization: config().normalization, mix });
  console.log(JSON.stringify({ out: values.out, written: files.length }));
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'dataset') return dataset(rest);
  if (sub === 'stream') return stream(rest);
  if (sub === 'sheet') {
    const { values } = parseCli(rest, { out: { type: 'string' }, seed: { type: 'string' }, rows: { type: 'string' } });
    if (!values.out) throw new Error(`--out is required\n${USAGE}`);
    const { writeContactSheet } = await import('../synth/contact-sheet');
    console.log(JSON.stringify(await writeContactSheet({ out: values.out, seed: int('seed', values.seed, 1), rows: int('rows', values.rows, 2) })));
    return 0;
  }
  if (sub === 'video') {
    const { runVideoCli } = await import('../synth/video-cli');
    return runVideoCli(rest);
  }
  console.error(USAGE);
  return 2;
}
