import { beforeAll, describe, expect, it } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initTf } from '../../lib/adapters/tf-backend';
import { buildModel, CODES_HEAD, LAST_CONV_LAYER, modelConfigFromPreset } from '../../lib/ml/model-factory';
import { createCamExtractor, rawCam } from '../../lib/ml/cam';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

// CAM on the wasm backend (what CI and most users run): no gradients involved.
let tf: typeof tfjs;
let backend: string;
beforeAll(async () => {
  ({ tf, backend } = await initTf('wasm'));
});

function tinyModel() {
  const cfg = modelConfigFromPreset('small96', {
    inputSize: 32,
    stemFilters: 8,
    blocks: [
      { filters: 8, stride: 2 },
      { filters: 16, stride: 2 },
    ],
  });
  return buildModel(cfg, 3);
}

function randomInput(size: number, seed: number): tfjs.Tensor4D {
  return tf.randomUniform([1, size, size, 3], 0, 1, 'float32', seed) as tfjs.Tensor4D;
}

describe('class activation maps', () => {
  it('runs on wasm', () => expect(backend).toBe('wasm'));

  it('spatial mean of the raw CAM + bias equals the class logit (GAP-CAM identity)', async () => {
    const model = tinyModel();
    const x = randomInput(32, 11);
    const features = tf.model({ inputs: model.inputs, outputs: model.getLayer(LAST_CONV_LAYER).output as tfjs.SymbolicTensor });
    const [kernel, bias] = model.getLayer(CODES_HEAD).getWeights() as [tfjs.Tensor2D, tfjs.Tensor1D];
    const a = features.predict(x) as tfjs.Tensor4D;
    const probs = (await (model.predict(x) as tfjs.Tensor).data()) as Float32Array;
    const b = await bias.data();
    for (const c of [0, 4, 16]) {
      const raw = rawCam(tf, a, kernel, c);
      const mean = (await raw.mean().data())[0];
      const logit = Math.log(probs[c] / (1 - probs[c]));
      expect(mean + b[c]).toBeCloseTo(logit, 4);
      raw.dispose();
    }
    tf.dispose([x, a]);
    model.dispose();
  });

  it('maps are inputSize², 0..1, peak 1, and differ between classes', async () => {
    const model = tinyModel();
    const camx = createCamExtractor(tf, model, LAST_CONV_LAYER, CODES_HEAD);
    const x = randomInput(32, 5);
    const before = tf.memory().numTensors;
    const maps = await Promise.all(DEFECT_CODES.slice(0, 4).map((code) => camx.cam(x, code, 32)));
    expect(tf.memory().numTensors).toBe(before); // nothing leaked per call
    for (const m of maps) {
      expect(m.width).toBe(32);
      expect(m.data).toHaveLength(32 * 32);
      const max = Math.max(...m.data);
      expect(Math.min(...m.data)).toBeGreaterThanOrEqual(0);
      expect(max === 1 || max === 0).toBe(true);
    }
    const diff = maps[0].data.reduce((s, v, i) => s + Math.abs(v - maps[1].data[i]), 0);
    expect(diff).toBeGreaterThan(0);
    camx.dispose();
    // the model still works after the extractor is disposed (shared weights untouched)
    const y = model.predict(x) as tfjs.Tensor;
    expect((await y.data()).length).toBe(17);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('camBatch gives each image the same map as cam() does alone, in one forward pass', async () => {
    const model = tinyModel();
    const camx = createCamExtractor(tf, model, LAST_CONV_LAYER, CODES_HEAD);
    const singles = [randomInput(32, 21), randomInput(32, 22), randomInput(32, 23)];
    const codes = ['RB', 'FS', 'RB'] as const;
    const batch = tf.concat(singles) as tfjs.Tensor4D;
    const before = tf.memory().numTensors;
    const maps = await camx.camBatch(batch, codes, 32);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps).toHaveLength(3);
    for (const [i, x] of singles.entries()) expect(maps[i]).toEqual(await camx.cam(x, codes[i], 32));
    // image 0 and 2 share a code but not pixels: the maps must follow the image, not the code
    expect(maps[0].data).not.toEqual(maps[2].data);
    await expect(camx.camBatch(batch, ['RB'], 32)).rejects.toThrow(/3 images but 1 codes/);
    tf.dispose([...singles, batch]);
    model.dispose();
  });

  it('rejects a model without the named layers', () => {
    const model = tinyModel();
    expect(() => createCamExtractor(tf, model, 'nope', CODES_HEAD)).toThrow(/CAM needs layers/);
    model.dispose();
  });
});
