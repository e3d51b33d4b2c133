import * as tf from '@tensorflow/tfjs';

/**
 * One optimisation step of the classifier. Loss = positive-weighted binary
 * cross-entropy over the 17 codes (pos_weight_c = #neg_c / #pos_c, capped, so rare
 * defects are not drowned by the many normal frames) + optional water-bin cross-entropy.
 */
const EPS = 1e-6;

/** −mean_{n,c} cw_c·[ pw_c·y·log p + (1−y)·log(1−p) ] (cw = 1 when no class weights are given). */
export function weightedBce(yTrue: tf.Tensor2D, yPred: tf.Tensor2D, posWeight: tf.Tensor1D, classWeight?: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(yPred, EPS, 1 - EPS);
    const pos = tf.mul(tf.mul(yTrue, tf.log(p)), posWeight);
    const neg = tf.mul(tf.sub(1, yTrue), tf.log(tf.sub(1, p)));
    const perElement = classWeight ? tf.mul(tf.add(pos, neg), classWeight) : tf.add(pos, neg);
    return tf.neg(tf.mean(perElement)) as tf.Scalar;
  });
}

/** Water-bin cross-entropy; rows whose bin is unknown (one-hot all zero) contribute nothing. */
export function maskedCategorical(oneHot: tf.Tensor2D, probs: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const ll = tf.sum(tf.mul(oneHot, tf.log(tf.clipByValue(probs, EPS, 1))), 1);
    const known = tf.sum(oneHot);
    return tf.div(tf.neg(tf.sum(ll)), tf.maximum(known, 1)) as tf.Scalar;
  });
}

/** pos_weight_c = clamp(#neg / #pos, 1, cap); classes absent from the data get 1. */
export function positiveWeights(labels: Uint8Array, numClasses: number, cap = 20): Float32Array {
  const n = labels.length / numClasses;
  const w = new Float32Array(numClasses);
  for (let c = 0; c < numClasses; c++) {
    let pos = 0;
    for (let i = 0; i < n; i++) pos += labels[i * numClasses + c];
    w[c] = pos === 0 ? 1 : Math.min(cap, Math.max(1, (n - pos) / pos));
  }
  return w;
}

export interface StepBatch {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  water?: tf.Tensor2D;
}

export type TrainStep = (batch: StepBatch) => number;

export function makeTrainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  posWeight: Float32Array,
  waterLossWeight = 0.3,
  classWeight?: Float32Array,
): TrainStep {
  const pw = tf.keep(tf.tensor1d(posWeight));
  const cw = classWeight ? tf.keep(tf.tensor1d(classWeight)) : undefined;
  return ({ x, y, water }) => {
    const cost = optimizer.minimize(() => {
      const out = model.apply(x, { training: true }) as tf.Tensor2D | tf.Tensor2D[];
      const [codes, waterProbs] = Array.isArray(out) ? out : [out, undefined];
      let loss = weightedBce(y, codes, pw, cw);
      if (waterProbs && water) loss = tf.add(loss, tf.mul(maskedCategorical(water, waterProbs), waterLossWeight));
      return loss;
    }, true);
    const v = cost!.dataSync()[0];
    cost!.dispose();
    return v;
  };
}
