import * as tf from '@tensorflow/tfjs';

/**
 * Sum/Mean over the LEADING axes (e.g. [0,1,2] of NHWC — BatchNorm's statistics and
 * every bias/BN gradient) as ONE average pool whose window covers all leading
 * elements: the tensor is viewed as a [1, h, w, C] image with h·w = the leading size.
 *
 * Why not wasm's own Sum: it transposes the reduced axes innermost first (~10 ms at
 * 32×24×24×64). Why not a ones-vector matmul (this module's earlier trick): XNNPACK
 * packs the right-hand operand on every call with a new tensor, ~20 ms there — it only
 * looked fast when benchmarked on the same tensor twice. The pool takes ~0.5 ms.
 * Returns undefined when the request is not that shape, so the caller uses wasm's kernel.
 */
export function leadingAxesReduce(x: tf.Tensor, axis: number | number[], keepDims: boolean, mean: boolean): tf.Tensor | undefined {
  if (x.dtype !== 'float32' || x.rank < 2) return undefined;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const k = axes.length;
  if (k === 0 || k >= x.rank || axes.some((a, i) => a !== i)) return undefined;
  const lead = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const rest = x.shape.slice(k);
  const channels = rest.reduce((a, b) => a * b, 1);
  if (lead === 0 || channels === 0) return undefined;
  const [h, w] = nearSquareFactors(lead);
  return tf.tidy(() => {
    const pooled = tf.avgPool(tf.reshape(x, [1, h, w, channels]) as tf.Tensor4D, [h, w], 1, 'valid');
    const r = mean ? pooled : tf.mul(pooled, lead);
    return tf.reshape(r, keepDims ? [...x.shape.slice(0, k).map(() => 1), ...rest] : rest);
  });
}

/** h·w = n with h the largest divisor ≤ √n (a prime n gives 1 × n, still one valid window). */
export function nearSquareFactors(n: number): [number, number] {
  let h = Math.floor(Math.sqrt(n));
  while (n % h !== 0) h--;
  return [h, n / h];
}
