import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../lib/ml/classifier';
import { loadSewerMlDataset } from '../../lib/ml/dataset';
import { flattenScores, metricsFromScores } from '../../lib/ml/metrics';
import { loadModelDir } from '../../lib/ml/model-store';
import { predictScores } from '../../lib/ml/train';
import { readSewerMlCsv } from '../../lib/ml/sewer-ml-csv';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

/**
 * Tiny end-to-end run through the real commands: synth dataset → train (1 epoch, smallest preset)
 * → save → eval → classify, checking that every step agrees with the others (same labels, same
 * preprocessing, same thresholds), not just that files appear.
 */
const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const env = { ...process.env, SEWER_TF_BACKEND: 'wasm' };
const sewer = (args: string[]) => exec(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], { cwd: ROOT, env, maxBuffer: 64 << 20 });

let tmp: string;
let train: string;
let test: string;
let model: string;
let manifest: any;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sewer-e2e-'));
  train = path.join(tmp, 'train');
  test = path.join(tmp, 'test');
  model = path.join(tmp, 'model');
  await Promise.all([
    sewer(['synth', 'dataset', '--out', train, '--count', '48', '--seed', '101', '--size', '128']),
    sewer(['synth', 'dataset', '--out', test, '--count', '24', '--seed', '102', '--size', '128', '--format', 'png']),
  ]);
  await sewer(['train', '--data', train, '--out', model, '--epochs', '1', '--batch', '16', '--seed', '5', '--test', test, '--max-minutes', '3']);
  manifest = JSON.parse(await readFile(path.join(model, 'manifest.json'), 'utf8'));
});
afterAll(() => (process.env.KEEP_TMP ? console.log("kept", tmp) : rm(tmp, { recursive: true, force: true })));

describe('synth → train → eval → classify', () => {
  it('eval writes the documented JSON; its numbers are the metrics of the scores training itself computes', async () => {
    const out = path.join(tmp, 'eval.json');
    const { stdout } = await sewer(['eval', '--data', test, '--json', out, '--model', model]);
    expect(stdout).toMatch(/F2-CIW/);
    const res = JSON.parse(await readFile(out, 'utf8'));
    expect(res.n).toBe(24);
    expect(res.model).toMatchObject({ name: manifest.name, version: manifest.version });
    for (const k of ['f2_ciw', 'f1_normal']) expect(res[k]).toBeGreaterThanOrEqual(0), expect(res[k]).toBeLessThanOrEqual(1);
    expect(Object.keys(res.classes)).toEqual([...DEFECT_CODES]);
    const rows = await readSewerMlCsv(path.join(test, 'labels.csv'));
    DEFECT_CODES.forEach((code, c) => {
      const k = res.classes[code];
      for (const f of ['precision', 'recall', 'f1', 'f2']) expect(k[f]).toBeGreaterThanOrEqual(0), expect(k[f]).toBeLessThanOrEqual(1);
      expect(k.support).toBe(rows.filter((r) => r.labels[c]).length);
      expect(k.support).toBe(manifest.metrics.heldOut.classes[code].support);
    });
    // Training's own scoring path (train.ts predictScores) and the classifier see the same pixels and
    // give the same scores; eval's numbers are the metrics of those scores at the manifest thresholds.
    // (Not compared with manifest.metrics.heldOut directly: that used unrounded thresholds, and a
    // 1-epoch model's scores are so clustered that the manifest's 1e-4 rounding flips decisions.)
    const { model: tfModel } = await loadModelDir(model);
    const clf = await loadClassifier(model);
    const ds = await loadSewerMlDataset(test, { inputSize: clf.inputSize, normalize: true, normalization: manifest.normalization, progress: null });
    const px = clf.inputSize ** 2 * 3;
    const fromTrain = predictScores(tfModel, ds, Int32Array.from({ length: ds.n }, (_, i) => i));
    const fromClf = flattenScores(await clf.predict(Array.from({ length: ds.n }, (_, i) => ds.images.subarray(i * px, (i + 1) * px))));
    fromClf.forEach((v, i) => expect(v).toBeCloseTo(fromTrain[i], 5));
    const m = metricsFromScores(fromClf, ds.labels, clf.thresholdList);
    expect(res.f2_ciw).toBeCloseTo(m.f2_ciw, 4);
    expect(res.f1_normal).toBeCloseTo(m.f1_normal, 4);
    clf.dispose();
    tfModel.dispose();
  });

  it('--no-normalize runs the un-normalized path', async () => {
    const out = path.join(tmp, 'eval-raw.json');
    await sewer(['eval', '--data', test, '--json', out, '--model', model, '--no-normalize', '--limit', '8']);
    const res = JSON.parse(await readFile(out, 'utf8'));
    expect(res).toMatchObject({ n: 8, normalize: false });
  });

  it('classify writes exactly the documented JSON and scores like the data-set path', async () => {
    const rows = await readSewerMlCsv(path.join(test, 'labels.csv'));
    const files = rows.slice(0, 3).map((r) => path.join(test, 'images', r.file));
    const out = path.join(tmp, 'classify.json');
    await sewer(['classify', ...files, '--json', out, '--model', model]);
    const res = JSON.parse(await readFile(out, 'utf8'));
    expect(Object.keys(res)).toEqual(['model', 'images']);
    expect(res.model).toEqual({ name: manifest.name, version: manifest.version });
    expect(res.images).toHaveLength(3);

    const clf = await loadClassifier(model);
    const ds = await loadSewerMlDataset(test, { inputSize: clf.inputSize, normalize: true, normalization: manifest.normalization, limit: 3, progress: null });
    const px = clf.inputSize ** 2 * 3;
    const want = await clf.predict([0, 1, 2].map((i) => ds.images.subarray(i * px, (i + 1) * px)));
    clf.dispose();
    res.images.forEach((im: any, i: number) => {
      expect(Object.keys(im)).toEqual(['file', 'scores', 'codes', 'normal']);
      expect(im.file).toBe(files[i]);
      expect(Object.keys(im.scores)).toEqual([...DEFECT_CODES]);
      DEFECT_CODES.forEach((code, c) => expect(im.scores[code]).toBeCloseTo(want[i][c], 5));
      expect(im.codes).toEqual(DEFECT_CODES.filter((code) => im.scores[code] >= manifest.thresholds[code]));
      expect(im.normal).toBe(im.codes.length === 0);
    });
  });

  it('CAM for the saved model is an inputSize² map in 0..1', async () => {
    const clf = await loadClassifier(model);
    const ds = await loadSewerMlDataset(test, { inputSize: clf.inputSize, normalize: true, normalization: manifest.normalization, limit: 1, progress: null });
    const map = await clf.cam(ds.images, 'RB');
    clf.dispose();
    expect([map.width, map.height]).toEqual([clf.inputSize, clf.inputSize]);
    expect(Math.max(...map.data)).toBeLessThanOrEqual(1);
    expect(Math.min(...map.data)).toBeGreaterThanOrEqual(0);
  });

  it('train --grow starts a deeper preset exactly where its source model stands', async () => {
    const src = path.join(tmp, 'small');
    const grown = path.join(tmp, 'grown');
    await sewer(['train', '--data', train, '--out', src, '--preset', 'small112', '--epochs', '1', '--batch', '16', '--seed', '5', '--max-minutes', '3']);
    // No epochs: the grown net is saved as initialised, then scored on the same validation split.
    const { stderr } = await sewer(['train', '--data', train, '--out', grown, '--preset', 'deep112', '--init', src, '--grow', '--epochs', '0', '--seed', '5']);
    expect(stderr).toMatch(/b6_dw, b6_dw_bn, b6_pw, b6_pw_bn start as identity/);
    const a = JSON.parse(await readFile(path.join(src, 'manifest.json'), 'utf8'));
    const b = JSON.parse(await readFile(path.join(grown, 'manifest.json'), 'utf8'));
    expect(b.modelConfig.preset).toBe('deep112');
    expect(b.training).toMatchObject({ initFrom: src, grownFrom: true });
    expect(b.metrics.validation.f2_ciw).toBeCloseTo(a.metrics.validation.f2_ciw, 6);
    expect(b.thresholds).toEqual(a.thresholds);
  });

  it('train --ema validates, selects and saves the averaged weights, keeps every epoch and resumes the average', async () => {
    const out = path.join(tmp, 'ema');
    const args = ['train', '--data', train, '--out', out, '--preset', 'small112', '--batch', '16', '--seed', '5', '--ema', '0.9', '--keep-epochs'];
    await sewer([...args, '--epochs', '1']);
    const { stderr } = await sewer([...args, '--epochs', '2', '--resume']);
    expect(stderr).toMatch(/resumed after epoch 1/);
    expect(stderr).toMatch(/epoch 2: .*averaged weights\) \(trained weights: [\d.]+ \/ [\d.]+\)/);
    const m = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(m.training.ema).toBe(0.9);
    expect(m.training.history.map((h: any) => typeof h.trainedValF2Ciw)).toEqual(['number', 'number']);
    // 41 training stills, batch 16: 2 steps per epoch, and the resumed run carried the count on.
    const state = JSON.parse(await readFile(path.join(out, 'checkpoint', 'state.json'), 'utf8'));
    expect(state.emaUpdates).toBe(4);
    const bin = (d: string) => readFile(path.join(out, d, 'weights.bin'));
    const best = String(m.training.bestEpoch).padStart(2, '0');
    expect((await bin('.')).equals(await bin(`epochs/${best}`))).toBe(true);
    expect((await bin('epochs/02')).equals(await bin('epochs/02-trained'))).toBe(false);
    expect((await bin('epochs/02')).equals(await bin('checkpoint/ema'))).toBe(true);
  });

  it('train --stream trains each epoch on the next fresh chunk and validates on all of --data', async () => {
    const chunks = path.join(tmp, 'stream');
    const out = path.join(tmp, 'streamed');
    await sewer(['synth', 'stream', '--out', chunks, '--chunks', '2', '--chunk', '20', '--seed', '9', '--input-size', '112']);
    const { stderr } = await sewer(['train', '--data', test, '--stream', chunks, '--out', out, '--preset', 'small112', '--epochs', '2', '--batch', '10', '--seed', '5']);
    expect(stderr).toMatch(/a fresh chunk of 20 from .*stream per epoch \/ 24 val/);
    const m = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(m.training).toMatchObject({ stream: chunks, epochs: 2, trainImages: 40, valImages: 24, images: 64 });
    expect(m.metrics.validation.n).toBe(24);
    // A third epoch has no chunk: training stops with a message naming the producer, after a short wait.
    const third = sewer(['train', '--data', test, '--stream', chunks, '--out', path.join(tmp, 'streamed3'), '--preset', 'small112', '--epochs', '3', '--batch', '10', '--seed', '5', '--stream-wait', '0.02']);
    await expect(third).rejects.toThrow(/chunk-0002\.sewerds\.gz did not appear/);
  });
});
