import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { WeightAverage } from '../../lib/ml/weight-average';

beforeAll(async () => {
  await initTf('wasm');
});

function tiny(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 2, inputShape: [3] }));
  return m;
}
const set = (m: tf.LayersModel, k: number) => m.setWeights([tf.fill([3, 2], k), tf.fill([2], -k)]);
const values = (ws: tf.Tensor[]) => ws.map((w) => Array.from(w.dataSync()));

describe('WeightAverage', () => {
  it('follows shadow ← d·shadow + (1−d)·w with the warm-up decay min(decay, (1+n)/(10+n))', () => {
    const m = tiny();
    set(m, 1);
    const avg = new WeightAverage(m, 0.5);
    expect(avg.effectiveDecay()).toBeCloseTo(0.1, 9); // (1+0)/(10+0)
    set(m, 11);
    avg.update(m); // 0.1·1 + 0.9·11 = 10
    expect(values(avg.weights())[0][0]).toBeCloseTo(10, 5);
    expect(avg.effectiveDecay()).toBeCloseTo(2 / 11, 9);
    set(m, 21);
    avg.update(m); // (2/11)·10 + (9/11)·21 = 19
    expect(values(avg.weights())[0][0]).toBeCloseTo(19, 4);
    for (let i = 0; i < 40; i++) avg.update(m);
    expect(avg.effectiveDecay()).toBe(0.5);
    expect(avg.count).toBe(42);
    expect(values(avg.weights())[1][1]).toBeCloseTo(-21, 3); // converges to constant weights
  });

  it('withAveraged swaps the averaged weights in and restores the trained ones, even on error', async () => {
    const m = tiny();
    set(m, 0);
    const avg = new WeightAverage(m, 0.9);
    set(m, 5);
    const seen = await avg.withAveraged(m, () => values(m.getWeights())[0][0]);
    expect(seen).toBe(0);
    expect(values(m.getWeights())[0][0]).toBe(5);
    await expect(avg.withAveraged(m, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(values(m.getWeights())[0][0]).toBe(5);
  });

  it('leaks no tensors across updates and starts from given weights', () => {
    const m = tiny();
    set(m, 2);
    const avg = new WeightAverage(m, 0.99, { weights: [tf.fill([3, 2], 7), tf.fill([2], 7)], updates: 1000 });
    expect(values(avg.weights())[0][0]).toBe(7);
    avg.update(m); // decay 0.99 at once: 0.99·7 + 0.01·2
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) avg.update(m);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => new WeightAverage(m, 1)).toThrow(/decay/);
    expect(() => new WeightAverage(m, 0.9, { weights: [tf.zeros([2])], updates: 0 })).toThrow(/do not match/);
    avg.dispose();
  });
});
