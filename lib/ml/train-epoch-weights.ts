import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelWeights, saveModelWeights } from './model-store';
import type { TrainState } from './train-checkpoint';
import type { WeightAverage } from './weight-average';

/** The weight average's state in the checkpoint: CKPT/ema/ (model.json + weights.bin). */
export async function saveEma(ckptDir: string, model: tf.LayersModel, avg: WeightAverage): Promise<void> {
  await avg.withAveraged(model, () => saveModelWeights(model, path.join(ckptDir, 'ema')));
}

export async function loadEma(ckptDir: string, state: TrainState): Promise<{ weights: tf.Tensor[]; updates: number }> {
  if (state.emaUpdates === undefined) throw new Error(`${ckptDir}: the checkpoint has no weight average; start without --resume or without --ema`);
  const m = await loadModelWeights(path.join(ckptDir, 'ema'));
  const weights = m.getWeights().map((w) => tf.keep(w.clone()));
  m.dispose();
  return { weights, updates: state.emaUpdates };
}

/**
 * OUT/epochs/NN/: the weights validation scored after epoch NN (the averaged ones with a weight average),
 * and with one, OUT/epochs/NN-trained/ too — for comparing epochs on held-out sets after the run.
 */
export async function saveEpochWeights(out: string, epoch: number, model: tf.LayersModel, avg?: WeightAverage): Promise<void> {
  const dir = path.join(out, 'epochs', String(epoch).padStart(2, '0'));
  if (avg) {
    await avg.withAveraged(model, () => saveModelWeights(model, dir));
    await saveModelWeights(model, `${dir}-trained`);
  } else {
    await saveModelWeights(model, dir);
  }
}
