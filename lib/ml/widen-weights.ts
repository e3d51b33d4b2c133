import * as tf from '@tensorflow/tfjs';
import type { Rng } from './augment';

/**
 * Net2WiderNet (Chen et al. 2016) for this CNN's layers: a trained layer with n output channels
 * becomes one with m ≥ n, the first n its own, the other m − n copies of randomly chosen ones.
 * The next layer reads each copy with a share of the original's outgoing weight (shares of one
 * original sum to 1), so the widened net computes what the trained one did. Copies' incoming
 * kernels get a little noise (`noise` × the kernel's std) — without it Adam would move a copy and
 * its original identically forever, and the extra channels would add nothing.
 */
export interface ChannelMap {
  /** For each new channel, the trained channel it copies (identity for the first n). */
  from: Int32Array;
  /** For each new channel, its share of the original's outgoing weight. */
  share: Float32Array;
}

export function identityMap(n: number): ChannelMap {
  return { from: Int32Array.from({ length: n }, (_, i) => i), share: new Float32Array(n).fill(1) };
}

export function channelMap(n: number, m: number, rng: Rng): ChannelMap {
  if (m < n) throw new Error(`cannot narrow ${n} channels to ${m}`);
  const from = new Int32Array(m);
  for (let j = 0; j < m; j++) from[j] = j < n ? j : Math.floor(rng() * n);
  // Unequal shares, so the copies' gradients differ from the start too.
  const copied = new Set(from.subarray(n));
  const u = Float32Array.from({ length: m }, (_, j) => (j < n && !copied.has(j) ? 1 : 0.5 + rng()));
  const total = new Float32Array(n);
  for (let j = 0; j < m; j++) total[from[j]] += u[j];
  const share = Float32Array.from(u, (v, j) => v / total[from[j]]);
  return { from, share };
}

function gather(w: tf.Tensor, map: ChannelMap, axis: number): tf.Tensor {
  return tf.gather(w, tf.tensor1d(map.from, 'int32'), axis);
}

/** Multiplies axis `axis` of `w` by each channel's share. */
function scaleByShare(w: tf.Tensor, map: ChannelMap, axis: number): tf.Tensor {
  const shape = w.shape.map((d, i) => (i === axis ? d : 1));
  return tf.mul(w, tf.tensor(map.share, shape));
}

/** Adds noise to the copies' slices of `axis` only; the originals stay exact. */
function noisyCopies(w: tf.Tensor, map: ChannelMap, axis: number, noise: number, seed: number): tf.Tensor {
  const mask = Float32Array.from(map.from, (f, j) => (f === j ? 0 : 1));
  if (noise <= 0 || !mask.includes(1)) return w;
  const std = tf.moments(w).variance.sqrt().dataSync()[0];
  const shape = w.shape.map((d, i) => (i === axis ? d : 1));
  return tf.add(w, tf.mul(tf.randomNormal(w.shape, 0, noise * std, 'float32', seed), tf.tensor(mask, shape)));
}

export interface WidenedLayer {
  weights: tf.Tensor[];
  /** The channel map of this layer's output (what the next layers read). */
  out: ChannelMap;
}

/**
 * One trained layer's weights carried into its wider counterpart.
 * `input`: the map of the channels this layer reads; `outWidth`: its channel count in the wider net.
 */
export function widenLayer(cls: string, trained: tf.Tensor[], input: ChannelMap, outWidth: number, opts: { rng: Rng; noise: number; seed: number }): WidenedLayer {
  const [k, ...rest] = trained;
  if (cls === 'Conv2D') {
    const cout = k.shape[3]!;
    const out = outWidth === cout ? identityMap(cout) : channelMap(cout, outWidth, opts.rng);
    const weights = tf.tidy(() => {
      const read = scaleByShare(gather(k, input, 2), input, 2);
      return [noisyCopies(gather(read, out, 3), out, 3, opts.noise, opts.seed), ...rest.map((b) => gather(b, out, 0))];
    });
    return { weights, out };
  }
  if (cls === 'DepthwiseConv2D') {
    if (rest.length) throw new Error('depthwise layers here have no bias');
    return { weights: [tf.tidy(() => gather(k, input, 2))], out: input };
  }
  if (cls === 'BatchNormalization') return { weights: tf.tidy(() => trained.map((w) => gather(w, input, 0))), out: input };
  if (cls === 'Dense') {
    // A head reads the pooled features; nothing reads a head, so the features' map stays current for the next head.
    const weights = tf.tidy(() => [scaleByShare(gather(k, input, 0), input, 0), ...rest.map((b) => b.clone())]);
    return { weights, out: input };
  }
  throw new Error(`cannot widen a ${cls} layer`);
}
