import * as tf from '@tensorflow/tfjs';
import { makeRng } from './augment';
import { LAST_CONV_LAYER } from './model-factory';
import { identityMap, widenLayer, type ChannelMap } from './widen-weights';

/**
 * Warm start into a DEEPER and/or WIDER net, so the grown net begins exactly where the trained
 * source was and training only has to learn what the extra capacity adds (Net2Net, Chen et al. 2016).
 * Every weighted layer the source has (by name) is copied; where the preset gives a layer more
 * output channels, the extra ones are copies of trained channels and the next layers read them
 * with split weights (lib/ml/widen-weights.ts). The blocks the source lacks (appended after its
 * last block, same width) start as an identity map.
 *
 * An appended block is depthwise 3×3 → BN → ReLU → pointwise 1×1 → BN → ReLU. Identity:
 * depthwise kernel = centre tap 1, pointwise kernel = I, and each BN set to undo itself on the
 * source's features A (post-ReLU, so ReLU passes them): moving mean/var = A's per-channel mean/var,
 * γ = √(var + ε), β = mean. At inference that is exact; in training mode BN uses batch statistics,
 * which match A's to sampling noise — as for every other BN layer in the net.
 */
export interface GrowReport {
  copied: string[];
  /** Copied layers whose output got more channels (Conv2D layers only). */
  widened: string[];
  identity: string[];
}

export interface GrowOptions {
  /** Noise on the copied channels' incoming kernels, × each kernel's std (0: an exact copy). */
  noise?: number;
  seed?: number;
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
export function growFrom(model: tf.LayersModel, src: tf.LayersModel, sample: tf.Tensor4D, opts: GrowOptions = {}): GrowReport {
  const report: GrowReport = { copied: [], widened: [], identity: [] };
  const stats = featureStats(src, sample);
  const srcNames = new Set(src.layers.map((l) => l.name));
  const rng = makeRng(opts.seed ?? 1);
  // The channel map of the features flowing between layers (the image's 3 channels at first).
  let current: ChannelMap = identityMap(3);
  // The source's feature statistics under `current`, for the appended blocks' identity start.
  let mapped: { mean: tf.Tensor1D; variance: tf.Tensor1D; map: ChannelMap } | undefined;
  try {
    for (const [i, layer] of model.layers.entries()) {
      const mine = layer.getWeights();
      if (mine.length === 0) continue;
      const cls = layer.getClassName();
      if (srcNames.has(layer.name)) {
        const theirs = src.getLayer(layer.name).getWeights();
        const outWidth = cls === 'Conv2D' ? mine[0].shape[3]! : 0;
        const w = withLayerName(layer.name, () => widenLayer(cls, theirs, current, outWidth, { rng, noise: opts.noise ?? 0, seed: (opts.seed ?? 1) * 1000 + i }));
        const fits = w.weights.length === mine.length && w.weights.every((t, k) => t.shape.join('x') === mine[k].shape.join('x'));
        if (!fits) {
          tf.dispose(w.weights);
          throw new Error(`${layer.name}: shapes differ from the source model's beyond more channels or appended blocks`);
        }
        layer.setWeights(w.weights);
        tf.dispose(w.weights);
        if (cls === 'Conv2D' && w.out.from.length > theirs[0].shape[3]!) report.widened.push(layer.name);
        report.copied.push(layer.name);
        current = w.out;
      } else {
        if (mapped?.map !== current) {
          if (mapped) tf.dispose([mapped.mean, mapped.variance]);
          mapped = { ...mapStats(stats, current), map: current };
        }
        const w = identityWeights(layer, mapped);
        layer.setWeights(w);
        tf.dispose(w);
        report.identity.push(layer.name);
      }
    }
  } finally {
    tf.dispose([stats.mean, stats.variance, ...(mapped ? [mapped.mean, mapped.variance] : [])]);
  }
  if (report.identity.length === 0 && report.widened.length === 0) {
    throw new Error('nothing to grow: the preset has the same layers as the source; use --init without --grow');
  }
  return report;
}

function withLayerName<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new Error(`${name}: ${(e as Error).message}`);
  }
}

/** The source's feature statistics, channel for channel in the (possibly widened) net. */
function mapStats(stats: { mean: tf.Tensor1D; variance: tf.Tensor1D }, map: ChannelMap): { mean: tf.Tensor1D; variance: tf.Tensor1D } {
  return tf.tidy(() => {
    const idx = tf.tensor1d(map.from, 'int32');
    return { mean: tf.gather(stats.mean, idx) as tf.Tensor1D, variance: tf.gather(stats.variance, idx) as tf.Tensor1D };
  });
}
