import * as tf from '@tensorflow/tfjs';
import { LAST_CONV_LAYER } from './model-factory';

/**
 * Warm start into a DEEPER net: every weighted layer whose name and shapes match the trained
 * source is copied; the blocks the source lacks (appended after its last block, same width)
 * start as an identity map, so the grown net begins exactly where the source was and training
 * only has to learn what the extra depth adds (Net2DeeperNet, Chen et al. 2016).
 *
 * An appended block is depthwise 3×3 → BN → ReLU → pointwise 1×1 → BN → ReLU. Identity:
 * depthwise kernel = centre tap 1, pointwise kernel = I, and each BN set to undo itself on the
 * source's features A (post-ReLU, so ReLU passes them): moving mean/var = A's per-channel mean/var,
 * γ = √(var + ε), β = mean. At inference that is exact; in training mode BN uses batch statistics,
 * which match A's to sampling noise — as for every other BN layer in the net.
 */
export interface GrowReport {
  copied: string[];
  identity: string[];
}

interface BnConfig {
  epsilon?: number;
}

/** Per-channel mean and variance of the source's last conv features over `sample`. */
function featureStats(src: tf.LayersModel, sample: tf.Tensor4D): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  return tf.tidy(() => {
    const feat = tf.model({ inputs: src.inputs, outputs: src.getLayer(LAST_CONV_LAYER).output as tf.SymbolicTensor });
    const a = feat.predict(sample) as tf.Tensor4D;
    const { mean, variance } = tf.moments(a, [0, 1, 2]);
    return { mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  });
}

function identityWeights(layer: tf.layers.Layer, stats: { mean: tf.Tensor1D; variance: tf.Tensor1D }): tf.Tensor[] {
  const cls = layer.getClassName();
  const shapes = layer.getWeights().map((w) => w.shape);
  if (cls === 'DepthwiseConv2D') {
    const [kh, kw, c, m] = shapes[0];
    if (m !== 1 || kh % 2 === 0 || kw % 2 === 0) throw new Error(`${layer.name}: cannot start depthwise ${shapes[0]} as identity`);
    const k = new Float32Array(kh * kw * c);
    const centre = (Math.floor(kh / 2) * kw + Math.floor(kw / 2)) * c;
    for (let i = 0; i < c; i++) k[centre + i] = 1;
    return [tf.tensor4d(k, [kh, kw, c, 1])];
  }
  if (cls === 'Conv2D') {
    const [kh, kw, cin, cout] = shapes[0];
    if (kh !== 1 || kw !== 1 || cin !== cout || shapes.length !== 1) throw new Error(`${layer.name}: cannot start conv ${shapes[0]} as identity`);
    return [tf.eye(cin).reshape([1, 1, cin, cout])];
  }
  if (cls === 'BatchNormalization') {
    if (shapes.length !== 4) throw new Error(`${layer.name}: expected γ, β, moving mean, moving variance`);
    const eps = (layer.getConfig() as BnConfig).epsilon ?? 1e-3;
    return [tf.sqrt(tf.add(stats.variance, eps)), stats.mean.clone(), stats.mean.clone(), stats.variance.clone()];
  }
  throw new Error(`${layer.name}: a ${cls} layer has no trained counterpart and no identity start`);
}

/**
 * Copies `src` into `model` by layer name; layers missing from `src` get the identity start.
 * `sample`: a few hundred training inputs for the feature statistics.
 */
export function growFrom(model: tf.LayersModel, src: tf.LayersModel, sample: tf.Tensor4D): GrowReport {
  const report: GrowReport = { copied: [], identity: [] };
  const stats = featureStats(src, sample);
  const srcNames = new Set(src.layers.map((l) => l.name));
  try {
    for (const layer of model.layers) {
      const mine = layer.getWeights();
      if (mine.length === 0) continue;
      if (srcNames.has(layer.name)) {
        const theirs = src.getLayer(layer.name).getWeights();
        const same = theirs.length === mine.length && theirs.every((w, i) => w.shape.join('x') === mine[i].shape.join('x'));
        if (!same) throw new Error(`${layer.name}: shapes differ from the source model's; growing only appends blocks`);
        layer.setWeights(theirs);
        report.copied.push(layer.name);
      } else {
        const w = identityWeights(layer, stats);
        layer.setWeights(w);
        tf.dispose(w);
        report.identity.push(layer.name);
      }
    }
  } finally {
    tf.dispose([stats.mean, stats.variance]);
  }
  if (report.identity.length === 0) throw new Error('nothing to grow: the preset has the same layers as the source; use --init without --grow');
  return report;
}
