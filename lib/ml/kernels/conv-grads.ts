import * as tf from '@tensorflow/tfjs';
import { convGeometry, isPointwise, type ConvGeometry } from './conv-geometry';

/**
 * Conv2D gradients for the wasm backend, composed from wasm's fast kernels
 * (XNNPACK conv / matmul / transpose). Why: tfjs-backend-wasm 4.22 has no
 * Conv2DBackpropFilter, and its Conv2DBackpropInput is slow for 1×1 filters.
 */

/**
 * Crops `t` (rank 4) on axes 1/2 to `[0, h)` × `[0, w)` when a gradient's
 * trailing rows/cols were never read by the forward conv (valid padding with
 * leftover pixels); conv padding cannot be negative.
 */
export function cropHW(t: tf.Tensor4D, h: number, w: number): tf.Tensor4D {
  if (t.shape[1] === h && t.shape[2] === w) return t;
  return tf.slice(t, [0, 0, 0, 0], [t.shape[0], h, w, t.shape[3]]);
}

/**
 * dW[i,j,ci,co] = Σ_{n,ho,wo} x[n, s·ho+i−pt, s·wo+j−pl, ci] · dy[n,ho,wo,co].
 * With x as [Cin,H,W,N] ("images" = input channels, "channels" = batch) and dy as a
 * [Ho,Wo,N,Cout] filter dilated by the stride, that sum is ONE ordinary conv2d.
 */
export function conv2dFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    if (isPointwise(g)) {
      const x2 = tf.reshape(x, [-1, g.inChannels]);
      const dy2 = tf.reshape(dy, [-1, g.outChannels]);
      // wasm's matmul with transposeA/B is ~4–10× slower than an explicit transpose of the small side.
      const dw = g.inChannels <= g.outChannels ? tf.matMul(tf.transpose(x2), dy2) : tf.transpose(tf.matMul(tf.transpose(dy2), x2));
      return tf.reshape(dw, [1, 1, g.inChannels, g.outChannels]);
    }
    // Bottom/right padding chosen so the correlation yields exactly kh × kw taps.
    let padBottom = g.kh - g.inH - g.padTop + g.sh * (g.outH - 1);
    let padRight = g.kw - g.inW - g.padLeft + g.sw * (g.outW - 1);
    let xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
    if (padBottom < 0 || padRight < 0) {
      xT = cropHW(xT, g.inH + Math.min(padBottom, 0), g.inW + Math.min(padRight, 0));
      padBottom = Math.max(padBottom, 0);
      padRight = Math.max(padRight, 0);
    }
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [g.padTop, padBottom],
      [g.padLeft, padRight],
      [0, 0],
    ];
    const dw = tf.conv2d(xT, dyT, 1, pad, 'NHWC', [g.sh, g.sw]); // [Cin, kh, kw, Cout]
    return tf.transpose(dw, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/** dx for a pointwise conv: [N·H·W, Cout] × Wᵀ. Other geometries keep wasm's own kernel. */
export function conv2dPointwiseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: number[]): tf.Tensor4D {
  return tf.tidy(() => {
    const [ci, co] = [filter.shape[2], filter.shape[3]];
    const dy2 = tf.reshape(dy, [-1, co]);
    const w2 = tf.reshape(filter, [ci, co]);
    return tf.reshape(tf.matMul(dy2, tf.transpose(w2)), inputShape as [number, number, number, number]);
  });
}

export { convGeometry };
