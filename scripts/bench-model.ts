/**
 * Training samples/s and inference frames/s of the classifier on one backend
 * (default wasm, single core), one run per preset, printed as a table.
 *   npx tsx scripts/bench-model.ts [--presets small96,wide128] [--batch 32] [--seconds 8] [--backend wasm] [--profile]
 */
import * as tf from '@tensorflow/tfjs';
import { parseCli } from '../lib/cli/args';
import { initTf, type TfBackendName } from '../lib/adapters/tf-backend';
import { buildModel, CODES_HEAD, LAST_CONV_LAYER, modelConfigFromPreset } from '../lib/ml/model-factory';
import { foldForInference } from '../lib/ml/folded-net';
import { makeTrainStep } from '../lib/ml/train-step';
import { DEFECT_CODES } from '../lib/taxonomy/codes';

const { values } = parseCli(process.argv.slice(2), {
  presets: { type: 'string', default: 'small96,small112,wide128' },
  batch: { type: 'string', default: '32' },
  seconds: { type: 'string', default: '8' },
  backend: { type: 'string', default: 'wasm' },
  profile: { type: 'boolean', default: false },
});
const batch = Number(values.batch);
const seconds = Number(values.seconds);
await initTf(values.backend as TfBackendName);

/** Runs `fn` until `seconds` elapsed (after one warm-up call); returns items/s. */
function rate(fn: () => void, itemsPerCall: number): number {
  fn();
  const t0 = performance.now();
  let calls = 0;
  while (performance.now() - t0 < seconds * 1000 || calls < 2) {
    fn();
    calls++;
  }
  return (calls * itemsPerCall) / ((performance.now() - t0) / 1000);
}

const rows: string[][] = [];
for (const name of values.presets!.split(',')) {
  const cfg = modelConfigFromPreset(name);
  const model = buildModel(cfg);
  const s = cfg.inputSize;
  const x = tf.randomUniform([batch, s, s, 3]) as tf.Tensor4D;
  const y = tf.cast(tf.greater(tf.randomUniform([batch, DEFECT_CODES.length]), 0.8), 'float32') as tf.Tensor2D;
  // What the classifier runs: BN folded into the convs (lib/ml/folded-net.ts); the layers model for comparison.
  const folded = foldForInference(tf, model, LAST_CONV_LAYER, CODES_HEAD);
  const infer = rate(() => tf.tidy(() => folded.codes(folded.features(x)).dataSync()), batch);
  const inferLayers = rate(() => tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync()), batch);
  folded.dispose();
  const step = makeTrainStep(model, tf.train.adam(1e-3), new Float32Array(DEFECT_CODES.length).fill(3));
  step({ x, y }); // the first step creates Adam's moment slots (two per weight): not a leak
  const before = tf.memory().numTensors;
  const train = rate(() => step({ x, y }), batch);
  const leaked = tf.memory().numTensors - before;
  if (values.profile) {
    tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false); // else the profiler reads back every output
    const prof = await tf.profile(() => { step({ x, y }); });
    const byKernel = new Map<string, number>();
    for (const k of prof.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    const total = [...byKernel.values()].reduce((a, b) => a + b, 0);
    console.error(`profile ${name} (one step, batch ${batch}, ${total.toFixed(0)} ms in kernels):`);
    for (const [k, ms] of [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.error(`  ${k.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms`);
  }
  rows.push([name, String(s), String(model.countParams()), infer.toFixed(0), inferLayers.toFixed(0), train.toFixed(1), String(leaked)]);
  tf.dispose([x, y]);
  model.dispose();
}
const head = ['preset', 'input', 'params', 'infer frames/s', '(unfolded)', 'train samples/s', 'tensors leaked'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
console.log(`backend ${tf.getBackend()}, batch ${batch}, ~${seconds}s per measurement`);
console.log(line(head));
for (const r of rows) console.log(line(r));
