import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModelWeights, saveModelWeights } from './model-store';
import type { TrainState } from './train-checkpoint';
import type { WeightAverage } from './weight-average';

export async function loadEma(ckptDir: string, state: TrainState): Promise<{ weights: tf.Tensor[]; updates: number }> {
  if (state.emaUpdates === undefined) throw new Error(`${ckptDir}: the checkpoint has no weight average; start without --resume or without --ema`);
  const m = await loadModelWeights(path.join(ckptDir, 'ema'));
  const weights = m.getWeights().map((w) => tf.keep(w.clone()));
  m.dispose();
  return { weights, updates: state.emaUpdates };
}

/**
 * After an epoch: the weight average's state in the checkpoint (CKPT/ema/), and with `keep`,
 * OUT/epochs/NN/ — the weights validation scored (the averaged ones when there is an average;
 * then OUT/epochs/NN-trained/ too) — for comparing epochs on held-out sets after the run.
 * The averaged weights are swapped into the model once for both writes.
 */
export async function saveEpochWeights(ckptDir: string, out: string, epoch: number, model: tf.LayersModel, avg: WeightAverage | undefined, keep: boolean): Promise<void> {
  const dir = path.join(out, 'epochs', String(epoch).padStart(2, '0'));
  if (!avg) {
    if (keep) await saveModelWeights(model, dir);
    return;
  }
  await avg.withAveraged(model, async () => {
    await saveModelWeights(model, path.join(ckptDir, 'ema'));
    if (keep) await saveModelWeights(model, dir);
  });
  if (keep) await saveModelWeights(model, `${dir}-trained`);
}
