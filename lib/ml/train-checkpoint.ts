import { mkdir, readFile, rename, writeFile, access } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelWeights, saveModelWeights } from './model-store';

/**
 * Resumable training state in OUT/checkpoint/: the current weights (model.json + weights.bin),
 * the optimizer's slots (optimizer.bin + optimizer.json, Adam moments and step count),
 * the best weights so far (best/) and state.json (epoch, early-stopping counters).
 * state.json is written LAST, so a crash mid-save leaves the previous consistent checkpoint.
 */
export interface TrainState {
  /** Epochs completed. */
  epoch: number;
  step: number;
  bestScore: number;
  bestEpoch: number;
  badEpochs: number;
  history: { epoch: number; loss: number; valF2Ciw: number; valF1Normal: number; lr: number; seconds: number; trainedValF2Ciw?: number; trainedValF1Normal?: number }[];
  /** With a weight average: how many steps it has averaged (its weights are in ema/). */
  emaUpdates?: number;
  /** Arguments the run started with; a resume must match them. */
  fingerprint: string;
}

export async function saveCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer, state: TrainState, best?: tf.Tensor[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  await saveModelWeights(model, dir);
  if (best) {
    const current = model.getWeights().map((w) => tf.clone(w));
    model.setWeights(best);
    await saveModelWeights(model, path.join(dir, 'best'));
    model.setWeights(current);
    tf.dispose(current);
  }
  const named = await optimizer.getWeights();
  const specs = named.map((n) => ({ name: n.name, shape: n.tensor.shape }));
  const datas = await Promise.all(named.map((n) => n.tensor.data() as Promise<Float32Array>));
  const total = datas.reduce((a, d) => a + d.length, 0);
  const flat = new Float32Array(total);
  let o = 0;
  for (const d of datas) {
    flat.set(d, o);
    o += d.length;
  }
  await writeFile(path.join(dir, 'optimizer.bin'), new Uint8Array(flat.buffer));
  await writeFile(path.join(dir, 'optimizer.json'), JSON.stringify(specs));
  const tmp = path.join(dir, 'state.json.tmp');
  await writeFile(tmp, JSON.stringify(state, null, 2));
  await rename(tmp, path.join(dir, 'state.json'));
}

export async function hasCheckpoint(dir: string): Promise<boolean> {
  return access(path.join(dir, 'state.json')).then(() => true, () => false);
}

/** Loads weights into `model` (same architecture) and the slots into `optimizer`; returns the state and best weights. */
export async function loadCheckpoint(dir: string, model: tf.LayersModel, optimizer: tf.Optimizer): Promise<{ state: TrainState; best?: tf.Tensor[] }> {
  const state = JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as TrainState;
  const saved = await loadModelWeights(dir);
  model.setWeights(saved.getWeights());
  saved.dispose();
  let best: tf.Tensor[] | undefined;
  if (await access(path.join(dir, 'best', 'model.json')).then(() => true, () => false)) {
    const b = await loadModelWeights(path.join(dir, 'best'));
    best = b.getWeights().map((w) => tf.keep(tf.clone(w)));
    b.dispose();
  }
  const specs = JSON.parse(await readFile(path.join(dir, 'optimizer.json'), 'utf8')) as { name: string; shape: number[] }[];
  const buf = await readFile(path.join(dir, 'optimizer.bin'));
  const flat = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
  let o = 0;
  const named = specs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const t = tf.tensor(flat.subarray(o, o + size), s.shape);
    o += size;
    return { name: s.name, tensor: t };
  });
  await optimizer.setWeights(named);
  tf.dispose(named.map((n) => n.tensor));
  return { state, best };
}
