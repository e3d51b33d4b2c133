import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initTf } from '../../lib/adapters/tf-backend';
import { buildModel, CODES_HEAD, LAST_CONV_LAYER, modelConfigFromPreset } from '../../lib/ml/model-factory';
import { foldForInference } from '../../lib/ml/folded-net';
import { createCamExtractor } from '../../lib/ml/cam';
import { loadModelDir } from '../../lib/ml/model-store';

let tf: typeof tfjs;
beforeAll(async () => {
  ({ tf } = await initTf('wasm'));
});

/** Gives every BN layer non-trivial statistics, as training would, so folding has something to fold. */
function randomizeBatchNorms(model: tfjs.LayersModel, seed: number) {
  let s = seed;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const c = layer.getWeights()[0].shape[0]; // getWeights returns the layer's own variables: not ours to dispose
    layer.setWeights([
      tf.randomUniform([c], 0.5, 1.5, 'float32', s++),
      tf.randomUniform([c], -0.3, 0.3, 'float32', s++),
      tf.randomUniform([c], -0.5, 0.5, 'float32', s++),
      tf.randomUniform([c], 0.2, 2, 'float32', s++),
    ]);
  }
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('BN-folded inference graph', () => {
  it('gives the layers model’s scores and last-conv activations (water head and dropout ignored)', async () => {
    const model = buildModel({ ...modelConfigFromPreset('small96'), inputSize: 48, waterHead: true }, 5);
    randomizeBatchNorms(model, 100);
    const folded = foldForInference(tf, model, LAST_CONV_LAYER, CODES_HEAD);
    const x = tf.randomUniform([3, 48, 48, 3], 0, 1, 'float32', 7) as tfjs.Tensor4D;
    const ref = (model.predict(x) as tfjs.Tensor[])[0];
    const feats = folded.features(x);
    const got = folded.codes(feats);
    expect(got.shape).toEqual(ref.shape);
    expect(maxAbsDiff((await got.data()) as Float32Array, (await ref.data()) as Float32Array)).toBeLessThan(1e-4);
    const sub = tf.model({ inputs: model.inputs, outputs: model.getLayer(LAST_CONV_LAYER).output as tfjs.SymbolicTensor });
    const refFeats = sub.predict(x) as tfjs.Tensor;
    expect(maxAbsDiff((await feats.data()) as Float32Array, (await refFeats.data()) as Float32Array)).toBeLessThan(1e-3);
    // CAMs from the folded features match CAMs from the layers sub-model.
    const camFolded = await createCamExtractor(tf, model, LAST_CONV_LAYER, CODES_HEAD, (t) => folded.features(t)).cam(x.slice(0, 1), 'FS', 48);
    const camLayers = await createCamExtractor(tf, model, LAST_CONV_LAYER, CODES_HEAD).cam(x.slice(0, 1), 'FS', 48);
    expect(maxAbsDiff(camFolded.data, camLayers.data)).toBeLessThan(1e-3);
    tf.dispose([x, ref, feats, got, refFeats]);
    folded.dispose();
    model.dispose();
  });

  it('matches the shipped model on its own input size and leaks no tensors', async () => {
    const { model, manifest } = await loadModelDir('models/sewer-mobilenet');
    const folded = foldForInference(tf, model, manifest.lastConvLayer || LAST_CONV_LAYER, CODES_HEAD);
    const s = manifest.inputSize;
    const x = tf.randomUniform([4, s, s, 3], 0, 1, 'float32', 9) as tfjs.Tensor4D;
    const y = model.predict(x);
    const ref = (Array.isArray(y) ? y[0] : y) as tfjs.Tensor;
    const before = tf.memory().numTensors;
    const got = tf.tidy(() => folded.codes(folded.features(x)));
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(maxAbsDiff((await got.data()) as Float32Array, (await ref.data()) as Float32Array)).toBeLessThan(1e-4);
    tf.dispose([x, ref, got]);
    folded.dispose();
    model.dispose();
  });

  it('refuses a model it cannot fold, with the reason', () => {
    const input = tf.input({ shape: [8, 8, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'tanh', name: LAST_CONV_LAYER }).apply(input) as tfjs.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({}).apply(conv) as tfjs.SymbolicTensor;
    const head = tf.layers.dense({ units: 17, activation: 'sigmoid', name: CODES_HEAD }).apply(pooled) as tfjs.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: head });
    expect(() => foldForInference(tf, model, LAST_CONV_LAYER, CODES_HEAD)).toThrow(/activation tanh/);
    model.dispose();
  });
});
