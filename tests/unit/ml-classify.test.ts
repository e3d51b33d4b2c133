import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../lib/adapters/tf-backend';
import { loadClassifier, imagesToTensor } from '../../lib/ml/classifier';
import { buildModel, LAST_CONV_LAYER, modelConfigFromPreset } from '../../lib/ml/model-factory';
import { saveModelDir, type ModelManifest } from '../../lib/ml/model-store';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';

let tf: typeof tfjs;
let tmp: string;
const SIZE = 32;

function manifest(over: Partial<ModelManifest> = {}): ModelManifest {
  return {
    name: 'tiny-test',
    version: '0.0.1',
    inputSize: SIZE,
    codes: [...DEFECT_CODES],
    thresholds: Object.fromEntries(DEFECT_CODES.map((c, i) => [c, 0.3 + i / 100])),
    normalization: null,
    waterHead: true,
    lastConvLayer: LAST_CONV_LAYER,
    training: { seed: 1 },
    metrics: {},
    ...over,
  };
}

function tinyModel() {
  const cfg = modelConfigFromPreset('small96', { inputSize: SIZE, stemFilters: 8, blocks: [{ filters: 8, stride: 2 }, { filters: 16, stride: 2 }], waterHead: true });
  return buildModel(cfg, 9);
}

function img(seed: number): Uint8Array {
  const a = new Uint8Array(SIZE * SIZE * 3);
  let s = seed;
  for (let i = 0; i < a.length; i++) a[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  return a;
}

beforeAll(async () => {
  ({ tf } = await initTf('wasm'));
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sewer-clf-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe('loadClassifier', () => {
  it('predicts the codes head of the saved model (not the water head), in batches', async () => {
    const model = tinyModel();
    const dir = path.join(tmp, 'm1');
    await saveModelDir(dir, model, manifest());
    const clf = await loadClassifier(dir);
    expect(clf).toMatchObject({ name: 'tiny-test', version: '0.0.1', inputSize: SIZE, backend: 'wasm' });
    expect(clf.thresholds.RB).toBeCloseTo(0.3, 6);
    expect(clf.thresholdList[16]).toBeCloseTo(0.46, 6);
    const batch = Array.from({ length: 40 }, (_, i) => img(i + 1)); // > one internal batch of 32
    const scores = await clf.predict(batch);
    expect(scores).toHaveLength(40);
    const x = imagesToTensor(tf, batch, SIZE);
    const [codes] = model.predict(x) as tfjs.Tensor[];
    const want = (await codes.data()) as Float32Array;
    scores.forEach((row, i) => {
      expect(row).toHaveLength(17);
      row.forEach((v, c) => expect(v).toBeCloseTo(want[i * 17 + c], 5));
    });
    tf.dispose([x, codes]);
    const map = await clf.cam(batch[0], 'RB');
    expect(map.data).toHaveLength(SIZE * SIZE);
    // camBatch splits like predict (40 > 32) and keeps image i with code i
    const camCodes = batch.map((_, i): DefectCode => (i % 2 ? 'FS' : 'RB'));
    const maps = await clf.camBatch(batch, camCodes);
    expect(maps).toHaveLength(40);
    expect(maps[0]).toEqual(map);
    expect(maps[37]).toEqual(await clf.cam(batch[37], 'FS'));
    clf.dispose();
    model.dispose();
  });

  it('refuses a manifest whose codes are not the 17 in order, and wrong-size images', async () => {
    const model = tinyModel();
    const dir = path.join(tmp, 'm2');
    const swapped = [...DEFECT_CODES];
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    await saveModelDir(dir, model, manifest({ codes: swapped }));
    await expect(loadClassifier(dir)).rejects.toThrow(/not the 17 Sewer-ML codes/);
    const m = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    m.codes = [...DEFECT_CODES];
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(m));
    const clf = await loadClassifier(dir);
    await expect(clf.predict([new Uint8Array(10)])).rejects.toThrow(/32x32 RGB24/);
    clf.dispose();
    model.dispose();
  });
});
