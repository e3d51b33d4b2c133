import * as tf from '@tensorflow/tfjs';

/**
 * Exponential moving average of a model's weights (Polyak averaging), updated after every
 * optimisation step: shadow ← d·shadow + (1 − d)·w, with d = min(decay, (1 + n) / (10 + n))
 * after n updates (TensorFlow's ExponentialMovingAverage with num_updates), so the first
 * steps follow the weights closely. BatchNorm's moving statistics are averaged with the rest.
 * Small-batch training on fresh stills makes consecutive epochs' weights noisy (validation
 * moves ±1 point epoch to epoch); the average is the flatter, less noisy point between them.
 */
export class WeightAverage {
  private readonly shadow: tf.Variable[];
  private updates: number;

  constructor(
    model: tf.LayersModel,
    readonly decay: number,
    start?: { weights: tf.Tensor[]; updates: number },
  ) {
    if (!(decay > 0 && decay < 1)) throw new Error(`weight-average decay must be in (0, 1), got ${decay}`);
    const init = start?.weights ?? model.getWeights();
    const current = model.getWeights();
    if (init.length !== current.length || init.some((w, i) => w.shape.join('x') !== current[i].shape.join('x')))
      throw new Error('weight-average start weights do not match the model');
    this.shadow = init.map((w) => tf.variable(w.clone(), false));
    this.updates = start?.updates ?? 0;
  }

  get count(): number {
    return this.updates;
  }

  /** The decay the next update uses. */
  effectiveDecay(): number {
    return Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
  }

  update(model: tf.LayersModel): void {
    const d = this.effectiveDecay();
    const w = model.getWeights();
    tf.tidy(() => {
      for (let i = 0; i < w.length; i++) this.shadow[i].assign(tf.add(tf.mul(this.shadow[i], d), tf.mul(w[i], 1 - d)));
    });
    this.updates++;
  }

  /** Copies of the averaged weights (the caller disposes them). */
  weights(): tf.Tensor[] {
    return this.shadow.map((v) => v.clone());
  }

  /** Runs `fn` with the averaged weights in the model, then puts the trained weights back. */
  async withAveraged<T>(model: tf.LayersModel, fn: () => T | Promise<T>): Promise<T> {
    const trained = model.getWeights().map((w) => w.clone());
    model.setWeights(this.shadow);
    try {
      return await fn();
    } finally {
      model.setWeights(trained);
      tf.dispose(trained);
    }
  }

  dispose(): void {
    tf.dispose(this.shadow);
  }
}
