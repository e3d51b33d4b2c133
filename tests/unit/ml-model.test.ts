import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { buildModel, CODES_HEAD, LAST_CONV_LAYER, modelConfigFromPreset, PRESETS, WATER_HEAD } from '../../lib/ml/model-factory';
import { loadModelDir, saveModelDir, type ModelManifest } from '../../lib/ml/model-store';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

beforeAll(async () => {
  await initTf('wasm');
});

describe('model factory', () => {
  it.each(Object.keys(PRESETS))('%s: 17 sigmoid scores, GAP right after the last conv', (name) => {
    const cfg = modelConfigFromPreset(name);
    const model = buildModel(cfg);
    const s = cfg.inputSize;
    expect(model.inputs[0].shape).toEqual([null, s, s, 3]);
    expect(model.outputs).toHaveLength(1);
    const last = model.getLayer(LAST_CONV_LAYER);
    const stride = 2 * cfg.blocks.reduce((a, b) => a * b.stride, 1);
    expect(last.outputShape).toEqual([null, s / stride, s / stride, cfg.blocks[cfg.blocks.length - 1].filters]);
    // The pooling layer consumes LAST_CONV_LAYER directly (CAM = last conv × head kernel).
    const gap = model.getLayer('gap');
    expect(gap.inboundNodes[0].inboundLayers[0].name).toBe(LAST_CONV_LAYER);
    const y = tf.tidy(() => (model.predict(tf.zeros([2, s, s, 3])) as tf.Tensor).arraySync() as number[][]);
    expect(y).toHaveLength(2);
    expect(y[0]).toHaveLength(DEFECT_CODES.length);
    for (const v of y.flat()) expect(v > 0 && v < 1).toBe(true);
    model.dispose();
  });

  it('the ~77 k-parameter baseline stays that small; width multiplier scales channels', () => {
    const base = buildModel(modelConfigFromPreset('small96'));
    expect(base.countParams()).toBeGreaterThan(70_000);
    expect(base.countParams()).toBeLessThan(85_000);
    const half = buildModel(modelConfigFromPreset('small96', { widthMultiplier: 0.5 }));
    expect(half.getLayer(LAST_CONV_LAYER).outputShape).toEqual([null, 6, 6, 128]);
    base.dispose();
    half.dispose();
  });

  it.each(['small128', 'small144'])('%s has small112 weight for weight, so --init moves a trained small112 to the larger input', (name) => {
    const src = buildModel(modelConfigFromPreset('small112'), 3);
    const dst = buildModel(modelConfigFromPreset(name), 4);
    expect(dst.getWeights().map((w) => w.shape)).toEqual(src.getWeights().map((w) => w.shape));
    dst.setWeights(src.getWeights());
    // Same filters on a larger frame: a uniform image has the same (global-average-pooled) scores away from the border.
    const s = modelConfigFromPreset(name).inputSize;
    const [a, b] = tf.tidy(() => [src, dst].map((m, k) => (m.predict(tf.fill([1, k ? s : 112, k ? s : 112, 3], 0.5)) as tf.Tensor).dataSync()));
    expect(Math.max(...Array.from(b).map((v, i) => Math.abs(v - a[i])))).toBeLessThan(0.05);
    src.dispose();
    dst.dispose();
  });

  it('adds a 4-bin softmax water head when asked', () => {
    const model = buildModel(modelConfigFromPreset('small96', { waterHead: true, inputSize: 64 }));
    expect(model.outputs.map((o) => o.sourceLayer.name)).toEqual([CODES_HEAD, WATER_HEAD]);
    const [, water] = model.predict(tf.zeros([1, 64, 64, 3])) as tf.Tensor[];
    const w = water.dataSync();
    expect(w).toHaveLength(4);
    expect(Array.from(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    model.dispose();
  });
});

describe('model store', () => {
  it('round-trips weights and manifest exactly (withSaveHandler / fromMemory)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'model-store-'));
    try {
      const cfg = modelConfigFromPreset('small96', { inputSize: 48, waterHead: true });
      const model = buildModel(cfg, 9);
      const manifest: ModelManifest = {
        name: 'test', version: '0.0.1', inputSize: 48, codes: [...DEFECT_CODES],
        thresholds: Object.fromEntries(DEFECT_CODES.map((c) => [c, 0.4])), normalization: null,
        waterHead: true, lastConvLayer: LAST_CONV_LAYER, training: { command: 'x' }, metrics: {},
      };
      await saveModelDir(dir, model, manifest);
      const { model: loaded, manifest: m2 } = await loadModelDir(dir);
      expect(m2).toEqual(manifest);
      const x = tf.randomUniform([3, 48, 48, 3], 0, 1, 'float32', 4);
      const a = (model.predict(x) as tf.Tensor[])[0].dataSync();
      const b = (loaded.predict(x) as tf.Tensor[])[0].dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
      model.dispose();
      loaded.dispose();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
