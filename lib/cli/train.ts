import { parseCli } from './args';
import { CLASS_WEIGHTINGS, type ClassWeighting } from '../ml/class-weights';

const USAGE = `usage: sewer train --data DIR --out models/NAME [--epochs 20] [--batch 32] [--val-frac 0.15] [--seed 1] [--resume]
                   [--preset wide128] [--lr 0.002] [--patience 4] [--no-water] [--no-normalize] [--test DIR]
                   [--max-minutes M] [--recipe TEXT] [--version V] [--init MODEL_DIR [--grow]]
                   [--class-weights none|ciw-sqrt] [--stream DIR [--stream-wait 45]] [--ema DECAY] [--keep-epochs]
  --stream DIR: epoch e trains on DIR/chunk-<e>.sewerds.gz from \`sewer synth stream\` (never-repeated stills,
                waiting for the producer when it is behind); --data is then the validation set only
  --ema DECAY:  keep an exponential moving average of the weights (e.g. 0.998), updated every step; validation,
                selection and the saved model use it
  --keep-epochs: also save every epoch's weights under OUT/epochs/NN (and NN-trained with --ema)
  --grow:       the preset is the init model's net made deeper (appended blocks start as identity) and/or
                wider (extra channels start as copies): e.g. small144 → deep144 or broad144`;

function num(name: string, v: string | undefined, def: number): number {
  if (v === undefined) return def;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${v}"`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    data: { type: 'string' },
    out: { type: 'string' },
    epochs: { type: 'string' },
    batch: { type: 'string' },
    'val-frac': { type: 'string' },
    seed: { type: 'string' },
    resume: { type: 'boolean', default: false },
    preset: { type: 'string', default: 'wide128' },
    lr: { type: 'string' },
    patience: { type: 'string' },
    'no-water': { type: 'boolean', default: false },
    'no-normalize': { type: 'boolean', default: false },
    test: { type: 'string' },
    init: { type: 'string' },
    stream: { type: 'string' },
    'stream-wait': { type: 'string' },
    grow: { type: 'boolean', default: false },
    'max-minutes': { type: 'string' },
    ema: { type: 'string' },
    'keep-epochs': { type: 'boolean', default: false },
    'class-weights': { type: 'string', default: 'none' },
    recipe: { type: 'string' },
    version: { type: 'string', default: '1.0.0' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.data || !values.out) {
    console.error(USAGE);
    return 2;
  }
  if (values.grow && !values.init) throw new Error('--grow needs --init MODEL_DIR (the trained net to grow from)');
  const valFrac = num('val-frac', values['val-frac'], 0.15);
  if (valFrac <= 0 || valFrac >= 0.9) throw new Error('--val-frac must be in (0, 0.9)');
  const classWeighting = values['class-weights'] as ClassWeighting;
  if (!CLASS_WEIGHTINGS.includes(classWeighting)) throw new Error(`--class-weights must be one of ${CLASS_WEIGHTINGS.join(', ')}, got "${classWeighting}"`);
  const ema = values.ema === undefined ? undefined : num('ema', values.ema, 0);
  if (ema !== undefined && !(ema > 0 && ema < 1)) throw new Error(`--ema must be a decay in (0, 1), e.g. 0.998; got "${values.ema}"`);
  const { trainClassifier } = await import('../ml/train');
  const res = await trainClassifier({
    data: values.data,
    out: values.out,
    epochs: Math.round(num('epochs', values.epochs, 20)),
    batch: Math.max(2, Math.round(num('batch', values.batch, 32))),
    valFrac,
    seed: Math.round(num('seed', values.seed, 1)),
    resume: values.resume!,
    preset: values.preset!,
    lr: num('lr', values.lr, 0.002),
    patience: Math.max(1, Math.round(num('patience', values.patience, 4))),
    waterHead: !values['no-water'],
    normalize: !values['no-normalize'],
    test: values.test,
    init: values.init,
    grow: values.grow,
    stream: values.stream,
    streamWaitMinutes: num('stream-wait', values['stream-wait'], 45),
    classWeighting,
    ema,
    keepEpochs: values['keep-epochs'],
    maxMinutes: values['max-minutes'] ? num('max-minutes', values['max-minutes'], 0) : undefined,
    dataRecipe: values.recipe,
    version: values.version!,
    command: `npm run sewer -- train ${argv.join(' ')}`,
  });
  const m = res.test ?? res.val;
  console.log(JSON.stringify({ out: values.out, f2_ciw: m.f2_ciw, f1_normal: m.f1_normal, on: res.test ? 'held-out' : 'validation' }));
  return 0;
}
