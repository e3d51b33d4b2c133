import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { augmentInto, drawAugment, IDENTITY_AUGMENT, makeRng, toFloatInto } from '../../lib/ml/augment';
import { buildModel, modelConfigFromPreset } from '../../lib/ml/model-factory';
import { loadCheckpoint, saveCheckpoint, type TrainState } from '../../lib/ml/train-checkpoint';
import { formatDuration } from '../../lib/ml/train-progress';
import { classWeights } from '../../lib/ml/class-weights';
import { makeTrainStep, positiveWeights, weightedBce } from '../../lib/ml/train-step';
import { DEFECT_CLASSES, DEFECT_CODES } from '../../lib/taxonomy/codes';

beforeAll(async () => {
  await initTf('wasm');
});

function gradientImage(S: number): Uint8Array {
  const img = new Uint8Array(S * S * 3);
  for (let y = 0; y < S; y++) for (let x = 0; x < S; x++) for (let c = 0; c < 3; c++) img[(y * S + x) * 3 + c] = (x * 7 + y * 3 + c * 40) % 256;
  return img;
}

describe('augmentation', () => {
  it('identity parameters reproduce the plain /255 conversion', () => {
    const S = 16;
    const img = gradientImage(S);
    const a = new Float32Array(S * S * 3);
    const b = new Float32Array(S * S * 3);
    augmentInto(img, S, IDENTITY_AUGMENT, a, 0);
    toFloatInto(img, b, 0);
    for (let i = 0; i < a.length; i++) expect(a[i]).toBeCloseTo(b[i], 5);
  });

  it('a flip mirrors columns; the stream is reproducible from the seed and stays in 0..1', () => {
    const S = 8;
    const img = gradientImage(S);
    const out = new Float32Array(S * S * 3);
    augmentInto(img, S, { ...IDENTITY_AUGMENT, flip: true }, out, 0);
    expect(out[(2 * S + 0) * 3 + 1]).toBeCloseTo(img[(2 * S + S - 1) * 3 + 1] / 255, 5);
    const p1 = drawAugment(makeRng(42), 96);
    const p2 = drawAugment(makeRng(42), 96);
    expect(p1).toEqual(p2);
    augmentInto(img, S, { ...p1, brightness: 0.3, contrast: 1.5 }, out, 0);
    for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('full desaturation makes every pixel grey at its luma; grain is zero-mean, of the asked spread, and seeded', () => {
    const S = 32;
    const img = gradientImage(S);
    const grey = new Float32Array(S * S * 3);
    augmentInto(img, S, { ...IDENTITY_AUGMENT, desaturate: 1 }, grey, 0);
    for (let i = 0; i < S * S; i++) {
      const luma = (0.299 * img[i * 3] + 0.587 * img[i * 3 + 1] + 0.114 * img[i * 3 + 2]) / 255;
      expect(grey[i * 3]).toBeCloseTo(luma, 5);
      expect(grey[i * 3 + 1]).toBeCloseTo(grey[i * 3], 6);
      expect(grey[i * 3 + 2]).toBeCloseTo(grey[i * 3], 6);
    }
    // Mid-grey source so clamping does not bias the statistics.
    const flat = new Uint8Array(S * S * 3).fill(128);
    const clean = new Float32Array(flat.length);
    const noisy = new Float32Array(flat.length);
    const again = new Float32Array(flat.length);
    toFloatInto(flat, clean, 0);
    augmentInto(flat, S, { ...IDENTITY_AUGMENT, grain: 0.03, grainSeed: 7 }, noisy, 0);
    augmentInto(flat, S, { ...IDENTITY_AUGMENT, grain: 0.03, grainSeed: 7 }, again, 0);
    expect(Array.from(again)).toEqual(Array.from(noisy));
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < flat.length; i++) {
      const d = noisy[i] - clean[i];
      sum += d;
      sq += d * d;
    }
    const mean = sum / flat.length;
    const sd = Math.sqrt(sq / flat.length - mean * mean);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    // Luminance σ 0.03 plus a quarter of it per channel: √(1 + 1/16)·0.03 ≈ 0.031.
    expect(sd).toBeGreaterThan(0.027);
    expect(sd).toBeLessThan(0.035);
  });
});

describe('loss and class weights', () => {
  it('pos_weight = #neg/#pos clamped to [1, cap]; absent classes get 1', () => {
    // 4 rows × 2 classes: class 0 positive once, class 1 never.
    const labels = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(positiveWeights(labels, 2))).toEqual([3, 1]);
    expect(positiveWeights(new Uint8Array(200).fill(0).map((_, i) => (i === 0 ? 1 : 0)), 2, 20)[0]).toBe(20);
  });

  it('weighted BCE equals the hand-computed value', () => {
    const y = tf.tensor2d([[1, 0]]);
    const p = tf.tensor2d([[0.8, 0.3]]);
    const got = weightedBce(y, p, tf.tensor1d([2, 1])).dataSync()[0];
    const want = -(2 * Math.log(0.8) + Math.log(0.7)) / 2;
    expect(got).toBeCloseTo(want, 5);
  });

  it('class weights scale each code\'s term of the loss', () => {
    const y = tf.tensor2d([[1, 0]]);
    const p = tf.tensor2d([[0.8, 0.3]]);
    const got = weightedBce(y, p, tf.tensor1d([2, 1]), tf.tensor1d([1.5, 0.5])).dataSync()[0];
    const want = -(1.5 * 2 * Math.log(0.8) + 0.5 * Math.log(0.7)) / 2;
    expect(got).toBeCloseTo(want, 5);
  });

  it('ciw-sqrt weights have mean 1, follow √CIW, and "none" weights nothing', () => {
    const ciw = DEFECT_CLASSES.map((c) => c.ciw);
    const w = classWeights('ciw-sqrt', ciw)!;
    expect(w.reduce((a, b) => a + b, 0) / w.length).toBeCloseTo(1, 5);
    const rb = DEFECT_CODES.indexOf('RB');
    const af = DEFECT_CODES.indexOf('AF');
    expect(w[rb] / w[af]).toBeCloseTo(Math.sqrt(ciw[rb] / ciw[af]), 4);
    expect(classWeights('none', ciw)).toBeUndefined();
  });

  it('formats ETAs', () => {
    expect(formatDuration(75)).toBe('1:15');
    expect(formatDuration(Infinity)).toBe('--:--');
  });
});

describe('checkpoints', () => {
  it('resume restores weights and Adam state: the next step matches an uninterrupted run', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
    try {
      const cfg = modelConfigFromPreset('small96', { inputSize: 32, dropout: 0 });
      const x = tf.randomUniform([4, 32, 32, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
      const y = tf.cast(tf.greater(tf.randomUniform([4, 17], 0, 1, 'float32', 2), 0.7), 'float32') as tf.Tensor2D;
      const pw = new Float32Array(17).fill(2);
      const a = buildModel(cfg, 5);
      const optA = tf.train.adam(1e-2);
      const stepA = makeTrainStep(a, optA, pw);
      stepA({ x, y });
      stepA({ x, y });
      const state: TrainState = { epoch: 1, step: 2, bestScore: 0.5, bestEpoch: 1, badEpochs: 0, history: [], fingerprint: 'f' };
      await saveCheckpoint(dir, a, optA, state);
      const lossA = stepA({ x, y });

      const b = buildModel(cfg, 77); // different init: everything must come from the checkpoint
      const optB = tf.train.adam(1e-2);
      const stepB = makeTrainStep(b, optB, pw);
      (optB as unknown as { learningRate: number }).learningRate = 0;
      stepB({ x, y }); // creates Adam's slots, as trainClassifier does before loading
      (optB as unknown as { learningRate: number }).learningRate = 1e-2;
      const { state: s2 } = await loadCheckpoint(dir, b, optB);
      expect(s2).toEqual(state);
      const lossB = stepB({ x, y });
      expect(lossB).toBeCloseTo(lossA, 4);
      const wa = a.getWeights()[0].dataSync();
      const wb = b.getWeights()[0].dataSync();
      for (let i = 0; i < wa.length; i++) expect(wb[i]).toBeCloseTo(wa[i], 5);
      a.dispose();
      b.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
