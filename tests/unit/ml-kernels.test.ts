import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { buildModel, modelConfigFromPreset } from '../../lib/ml/model-factory';
import { makeTrainStep } from '../../lib/ml/train-step';

/**
 * The wasm training kernels (lib/ml/kernels) against TF.js's reference cpu backend:
 * the same gradient computed on both must agree to 1e-4 relative (L2) error.
 */
beforeAll(async () => {
  await initTf('wasm');
  expect(tf.getBackend()).toBe('wasm');
});

const rnd = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

async function relErrWasmVsCpu(f: () => tf.Tensor): Promise<number> {
  await tf.setBackend('wasm');
  const a = await f().data();
  await tf.setBackend('cpu');
  const b = await f().data();
  await tf.setBackend('wasm');
  expect(a.length).toBe(b.length);
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  expect(den).toBeGreaterThan(0);
  return Math.sqrt(num / den);
}

type Case = [h: number, w: number, k: number, stride: 1 | 2, pad: 'same' | 'valid'];
const CASES: Case[] = [
  [7, 9, 3, 1, 'same'],
  [8, 8, 3, 2, 'same'],
  [9, 11, 3, 2, 'same'],
  [9, 11, 3, 2, 'valid'],
  [12, 13, 3, 1, 'valid'],
  [6, 6, 1, 1, 'valid'],
  [7, 7, 5, 2, 'same'],
];

function outSize(n: number, k: number, s: number, pad: string): number {
  return pad === 'same' ? Math.ceil(n / s) : Math.ceil((n - k + 1) / s);
}

describe('wasm training kernels match the cpu backend', () => {
  for (const [h, w, k, s, pad] of CASES) {
    const N = 3, C = 4, Co = 5;
    const ho = outSize(h, k, s, pad), wo = outSize(w, k, s, pad);
    const xs = [N, h, w, C];
    it(`conv2d ${h}x${w} k${k} s${s} ${pad}: filter and input gradients`, async () => {
      const gF = () => tf.tidy(() => tf.grad((f: tf.Tensor) => tf.conv2d(rnd(xs, 1) as tf.Tensor4D, f as tf.Tensor4D, s, pad).mul(rnd([N, ho, wo, Co], 3)).sum())(rnd([k, k, C, Co], 2) as tf.Tensor4D));
      const gX = () => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.conv2d(x as tf.Tensor4D, rnd([k, k, C, Co], 2) as tf.Tensor4D, s, pad).mul(rnd([N, ho, wo, Co], 3)).sum())(rnd(xs, 1) as tf.Tensor4D));
      expect(await relErrWasmVsCpu(gF)).toBeLessThan(1e-4);
      expect(await relErrWasmVsCpu(gX)).toBeLessThan(1e-4);
    });
    it(`depthwise ${h}x${w} k${k} s${s} ${pad}: filter and input gradients`, async () => {
      const gF = () => tf.tidy(() => tf.grad((f: tf.Tensor) => tf.depthwiseConv2d(rnd(xs, 1) as tf.Tensor4D, f as tf.Tensor4D, s, pad).mul(rnd([N, ho, wo, C], 3)).sum())(rnd([k, k, C, 1], 2) as tf.Tensor4D));
      const gX = () => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.depthwiseConv2d(x as tf.Tensor4D, rnd([k, k, C, 1], 2) as tf.Tensor4D, s, pad).mul(rnd([N, ho, wo, C], 3)).sum())(rnd(xs, 1) as tf.Tensor4D));
      expect(await relErrWasmVsCpu(gF)).toBeLessThan(1e-4);
      expect(await relErrWasmVsCpu(gX)).toBeLessThan(1e-4);
    });
  }

  it('batch-norm gradients (tile-free) and leading-axis reductions', async () => {
    const shape = [3, 5, 7, 4];
    const bn = () => tf.tidy(() => {
      const [gx, gs, go] = tf.grads((x: tf.Tensor, sc: tf.Tensor, of: tf.Tensor) => {
        const { mean, variance } = tf.moments(x, [0, 1, 2]);
        return tf.batchNorm(x, mean, variance, of, sc, 1e-3).mul(rnd(shape, 9)).sum();
      })([rnd(shape, 1), rnd([4], 2), rnd([4], 3)]);
      return tf.concat([gx.flatten(), gs, go]);
    });
    expect(await relErrWasmVsCpu(bn)).toBeLessThan(1e-4);
    const red = () => tf.tidy(() => tf.concat([tf.sum(rnd(shape, 4), [0, 1]).flatten(), tf.mean(rnd(shape, 4), [0, 1, 2], true).flatten(), tf.sum(rnd(shape, 4), [1, 2]).flatten(), tf.sum(rnd(shape, 4)).reshape([1])]));
    expect(await relErrWasmVsCpu(red)).toBeLessThan(1e-4);
    // A prime leading size (one 1×n pooling window) and a training-sized activation.
    const big = () => tf.tidy(() => tf.concat([tf.sum(rnd([13, 3], 5), 0), tf.mean(rnd([7, 1, 13, 3], 6), [0, 1, 2]), tf.sum(rnd([8, 24, 24, 16], 7), [0, 1, 2])]));
    expect(await relErrWasmVsCpu(big)).toBeLessThan(1e-4);
  });
});

describe('training on wasm', () => {
  it('keeps tf.memory().numTensors flat across steps and lowers the loss', () => {
    const cfg = { ...modelConfigFromPreset('small96'), inputSize: 32, waterHead: true };
    const model = buildModel(cfg, 3);
    const step = makeTrainStep(model, tf.train.adam(3e-3), new Float32Array(17).fill(2));
    const x = rnd([4, 32, 32, 3], 5) as tf.Tensor4D;
    const y = tf.cast(tf.greater(rnd([4, 17], 6), 0.5), 'float32') as tf.Tensor2D;
    const water = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4).toFloat() as tf.Tensor2D;
    const first = step({ x, y, water }); // creates the optimizer's slots
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = step({ x, y, water });
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first);
    tf.dispose([x, y, water]);
    model.dispose();
  });
});
