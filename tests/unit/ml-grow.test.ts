import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { growFrom } from '../../lib/ml/grow-model';
import { buildModel, LAST_CONV_LAYER, modelConfigFromPreset } from '../../lib/ml/model-factory';

beforeAll(async () => {
  await initTf('wasm');
});

/** A trained-looking source: random BN statistics so the identity start has real work to undo. */
function source(preset: 'small112' | 'small144'): tf.LayersModel {
  const src = buildModel(modelConfigFromPreset(preset, { waterHead: true }), 5);
  for (const layer of src.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const [g, b, m, v] = layer.getWeights();
    layer.setWeights([tf.randomUniform(g.shape, 0.5, 1.5, 'float32', 1), tf.randomNormal(b.shape, 0, 0.3, 'float32', 2), tf.randomNormal(m.shape, 0, 0.2, 'float32', 3), tf.randomUniform(v.shape, 0.5, 2, 'float32', 4)]);
  }
  return src;
}

describe('growFrom (deeper or wider warm start)', () => {
  it.each([
    ['small112', 'deep112', 112, 7],
    ['small144', 'deep144', 144, 9],
  ] as const)('the grown net predicts exactly what its %s source does (%s)', (from, to, size, grid) => {
    const src = source(from);
    const grown = buildModel(modelConfigFromPreset(to, { waterHead: true }), 9);
    const sample = tf.randomUniform([16, size, size, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const report = growFrom(grown, src, sample);
    expect(report.identity).toEqual(['b6_dw', 'b6_dw_bn', 'b6_pw', 'b6_pw_bn']);
    expect(report.copied).toContain('codes');
    expect(report.copied).toContain('water');
    expect(grown.getLayer(LAST_CONV_LAYER).outputShape).toEqual([null, grid, grid, 256]);
    const x = tf.randomUniform([4, size, size, 3], 0, 1, 'float32', 11);
    const [a, aw] = src.predict(x) as tf.Tensor[];
    const [b, bw] = grown.predict(x) as tf.Tensor[];
    const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    expect(diff).toBeLessThan(1e-4);
    expect(tf.max(tf.abs(tf.sub(aw, bw))).dataSync()[0]).toBeLessThan(1e-4);
    // A different net did come out of buildModel: before growing, its scores were not the source's.
    const fresh = buildModel(modelConfigFromPreset(to, { waterHead: true }), 9);
    const c = (fresh.predict(x) as tf.Tensor[])[0];
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([sample, x, a, aw, b, bw, c]);
    [src, grown, fresh].forEach((m) => m.dispose());
  });

  it('widens small144 into broad144: the same scores without noise, nearly the same with it, copies that can diverge', () => {
    const src = source('small144');
    const x = tf.randomUniform([4, 144, 144, 3], 0, 1, 'float32', 11);
    const sample = tf.randomUniform([8, 144, 144, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const [a, aw] = src.predict(x) as tf.Tensor[];
    const maxDiff = (p: tf.Tensor, q: tf.Tensor) => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0];

    const exact = buildModel(modelConfigFromPreset('broad144', { waterHead: true }), 9);
    const report = growFrom(exact, src, sample, { noise: 0, seed: 3 });
    expect(report.widened).toEqual(['b3_pw', 'b4_pw']);
    expect(report.identity).toEqual([]);
    expect(exact.getLayer('b4_pw').getWeights()[0].shape).toEqual([1, 1, 192, 192]);
    const [b, bw] = exact.predict(x) as tf.Tensor[];
    expect(maxDiff(a, b)).toBeLessThan(1e-4);
    expect(maxDiff(aw, bw)).toBeLessThan(1e-4);

    const noisy = buildModel(modelConfigFromPreset('broad144', { waterHead: true }), 9);
    const tensors = tf.memory().numTensors;
    growFrom(noisy, src, sample, { noise: 0.01, seed: 3 });
    expect(tf.memory().numTensors).toBe(tensors); // everything it made is disposed or became the layers' weights
    const [c] = noisy.predict(x) as tf.Tensor[];
    const d = maxDiff(a, c);
    expect(d).toBeGreaterThan(0);
    expect(d).toBeLessThan(0.02);
    // Channel 128 onwards of b3_pw are copies: with noise their kernels are no longer any trained column.
    const k = noisy.getLayer('b3_pw').getWeights()[0].reshape([64, 192]);
    const trained = src.getLayer('b3_pw').getWeights()[0].reshape([64, 128]);
    const copy = k.slice([0, 128], [64, 1]);
    const nearest = tf.min(tf.max(tf.abs(tf.sub(trained, copy)), 0)).dataSync()[0];
    expect(nearest).toBeGreaterThan(0);
    tf.dispose([x, sample, a, aw, b, bw, c, k, trained, copy]);
    [src, exact, noisy].forEach((m) => m.dispose());
  });

  it('refuses a source whose shared layers differ, and a preset with nothing to add', () => {
    const sample = tf.zeros([2, 128, 128, 3]) as tf.Tensor4D;
    const wide = buildModel(modelConfigFromPreset('wide128'));
    const grown = buildModel(modelConfigFromPreset('deep112'));
    expect(() => growFrom(grown, wide, sample)).toThrow(/b2_pw: cannot narrow 96 channels to 64/);
    const same = buildModel(modelConfigFromPreset('small112'));
    const src = buildModel(modelConfigFromPreset('small112'), 2);
    expect(() => growFrom(same, src, tf.zeros([2, 112, 112, 3]) as tf.Tensor4D)).toThrow(/nothing to grow/);
    tf.dispose(sample);
    [wide, grown, same, src].forEach((m) => m.dispose());
  });
});
