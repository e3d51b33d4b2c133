import { backend_util } from '@tensorflow/tfjs';

/**
 * Geometry shared by the gradient kernels: the forward convolution's padding,
 * strides and output size, recomputed from the attrs TF.js passes to a backprop kernel.
 * All gradient formulas below are written for NHWC ("channelsLast") and dilation 1,
 * which is all the model factory builds.
 */
export interface ConvGeometry {
  batch: number;
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
  inChannels: number;
  outChannels: number;
}

type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;

export class UnsupportedConvError extends Error {
  constructor(what: string) {
    super(`wasm training kernel does not support ${what}`);
    this.name = 'UnsupportedConvError';
  }
}

export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: Pad,
  dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
  depthwise: boolean,
  dilations?: number | [number, number],
  dataFormat?: string,
): ConvGeometry {
  if (dataFormat && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new UnsupportedConvError(`dataFormat ${dataFormat}`);
  }
  const d = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d[0] !== 1 || d[1] !== 1) throw new UnsupportedConvError('dilated convolutions');
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    depthwise,
  );
  return {
    batch: info.batchSize,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    inChannels: info.inChannels,
    outChannels: info.outChannels,
  };
}

/** True for a pointwise (1×1, stride 1, no padding) convolution: a plain matmul over pixels. */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.padTop === 0 && g.padLeft === 0;
}
