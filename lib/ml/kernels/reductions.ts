import * as tf from '@tensorflow/tfjs';

/**
 * Sum/Mean over the LEADING axes (e.g. [0,1,2] of NHWC — BatchNorm's statistics and
 * every bias/BN gradient) as a ones-vector matmul. wasm's own Sum transposes the
 * reduced axes innermost first, which measured ~15× slower at 32×48×48×32.
 * Returns undefined when the request is not that shape, so the caller uses wasm's kernel.
 */
export function leadingAxesReduce(x: tf.Tensor, axis: number | number[], keepDims: boolean, mean: boolean): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || x.rank < 2) return undefined;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const k = axes.length;
  if (k === 0 || k >= x.rank || axes.some((a, i) => a !== i)) return undefined;
  const lead = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(k);
  return tf.tidy(() => {
    const ones = tf.fill([1, lead], mean ? 1 / lead : 1);
    const r = tf.matMul(ones, tf.reshape(x, [lead, -1]));
    return tf.reshape(r, keepDims ? [...x.shape.slice(0, k).map(() => 1), ...rest] : rest);
  });
}
