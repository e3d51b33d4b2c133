import * as tf from '@tensorflow/tfjs';
import { cropHW } from './conv-grads';
import type { ConvGeometry } from './conv-geometry';

/**
 * Depthwise-conv gradients for the wasm backend (channel multiplier 1),
 * composed from wasm's own DepthwiseConv2dNative. tfjs-backend-wasm 4.22 lacks both kernels.
 */

type Pad4 = [[number, number], [number, number], [number, number], [number, number]];

/**
 * dW[i,j,c] = Σ_{n,ho,wo} x[n, s·ho+i−pt, s·wo+j−pl, c] · dy[n,ho,wo,c].
 * Folding the batch into channels (x as [1,H,W,N·C], dy as a [Ho,Wo,N·C,1] filter
 * dilated by the stride) makes it one depthwise conv, then a sum over N.
 */
export function depthwiseFilterGrad(x: tf.Tensor4D, dy: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const n = g.batch;
    const c = g.inChannels;
    let padBottom = g.kh - g.inH - g.padTop + g.sh * (g.outH - 1);
    let padRight = g.kw - g.inW - g.padLeft + g.sw * (g.outW - 1);
    // [N,H,W,C] → [H,W,N,C] → [1,H,W,N·C]: batch folded into the channel axis.
    let xFolded = tf.reshape(tf.transpose(x, [1, 2, 0, 3]), [1, g.inH, g.inW, n * c]) as tf.Tensor4D;
    if (padBottom < 0 || padRight < 0) {
      xFolded = cropHW(xFolded, g.inH + Math.min(padBottom, 0), g.inW + Math.min(padRight, 0));
      padBottom = Math.max(padBottom, 0);
      padRight = Math.max(padRight, 0);
    }
    const dyF = tf.reshape(tf.transpose(dy, [1, 2, 0, 3]), [g.outH, g.outW, n * c, 1]) as tf.Tensor4D;
    const pad: Pad4 = [
      [0, 0],
      [g.padTop, padBottom],
      [g.padLeft, padRight],
      [0, 0],
    ];
    const dw = tf.depthwiseConv2d(xFolded, dyF, 1, pad, 'NHWC', [g.sh, g.sw]); // [1, kh, kw, N·C]
    return tf.reshape(tf.sum(tf.reshape(dw, [g.kh * g.kw, n, c]), 1), [g.kh, g.kw, c, 1]) as tf.Tensor4D;
  });
}

/**
 * dx = full correlation of the stride-zero-stuffed dy with the spatially reversed filter.
 * Zero-stuffing: dy as [N,Ho,1,Wo,1,C] padded to [N,Ho,s,Wo,s,C] (a 6-D pad, cheap in wasm).
 */
export function depthwiseInputGrad(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const c = g.inChannels;
    let stuffed = dy;
    let lenH = g.outH;
    let lenW = g.outW;
    if (g.sh > 1 || g.sw > 1) {
      const six = tf.reshape(dy, [g.batch, g.outH, 1, g.outW, 1, c]);
      const padded = tf.pad(six, [[0, 0], [0, 0], [0, g.sh - 1], [0, 0], [0, g.sw - 1], [0, 0]]);
      stuffed = tf.reshape(padded, [g.batch, g.outH * g.sh, g.outW * g.sw, c]) as tf.Tensor4D;
      lenH = g.outH * g.sh;
      lenW = g.outW * g.sw;
    }
    const padTop = g.kh - 1 - g.padTop;
    const padLeft = g.kw - 1 - g.padLeft;
    let padBottom = g.inH - lenH - padTop + g.kh - 1;
    let padRight = g.inW - lenW - padLeft + g.kw - 1;
    if (padBottom < 0 || padRight < 0) {
      stuffed = cropHW(stuffed, lenH + Math.min(padBottom, 0), lenW + Math.min(padRight, 0));
      padBottom = Math.max(padBottom, 0);
      padRight = Math.max(padRight, 0);
    }
    const reversed = tf.reverse(filter, [0, 1]) as tf.Tensor4D;
    const pad: Pad4 = [
      [0, 0],
      [padTop, padBottom],
      [padLeft, padRight],
      [0, 0],
    ];
    return tf.depthwiseConv2d(stuffed, reversed, 1, pad);
  });
}
