import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGrad, conv2dPointwiseInputGrad } from './conv-grads';
import { convGeometry, isPointwise } from './conv-geometry';
import { depthwiseFilterGrad, depthwiseInputGrad } from './depthwise-grads';
import { fusedBatchNormGrad } from './batchnorm-grad';
import { leadingAxesReduce } from './reductions';

/**
 * Training kernels for tfjs-backend-wasm. Each kernel runs ordinary tf ops, which
 * dispatch to wasm's fast kernels; the engine does not tape ops run inside a kernel,
 * and tf.tidy frees the intermediates, so only the returned tensor survives.
 */
type Attrs = Record<string, unknown>;
type Inputs = Record<string, tf.TensorInfo>;

/** Kernel inputs are Tensors when called through the engine; wrap bare TensorInfos just in case. */
function asTensor(t: tf.TensorInfo): tf.Tensor4D {
  if (t instanceof tf.Tensor) return t as tf.Tensor4D;
  return tf.engine().makeTensorFromTensorInfo(t) as tf.Tensor4D;
}

function geometry(xShape: number[], filterShape: number[], attrs: Attrs, depthwise: boolean) {
  return convGeometry(
    xShape,
    filterShape,
    attrs.strides as [number, number],
    attrs.pad as 'same',
    attrs.dimRoundingMode as undefined,
    depthwise,
    attrs.dilations as [number, number] | undefined,
    attrs.dataFormat as string | undefined,
  );
}

function wasmConv2DBackpropFilter({ inputs, attrs }: { inputs: Inputs; attrs: Attrs }): tf.TensorInfo {
  const x = asTensor(inputs.x);
  const dy = asTensor(inputs.dy);
  const g = geometry(x.shape, attrs.filterShape as number[], attrs, false);
  return conv2dFilterGrad(x, dy, g);
}

/** Replaces wasm's Conv2DBackpropInput for pointwise convs (a matmul, ~10× faster); other geometries keep wasm's kernel. */
function makeConv2DBackpropInput(original: tf.KernelFunc) {
  return (args: { inputs: Inputs; attrs: Attrs; backend: tf.KernelBackend }): tf.TensorInfo | tf.TensorInfo[] => {
    const filter = asTensor(args.inputs.filter);
    const g = geometry(args.attrs.inputShape as number[], filter.shape, args.attrs, false);
    if (isPointwise(g)) return conv2dPointwiseInputGrad(asTensor(args.inputs.dy), filter, args.attrs.inputShape as number[]);
    return original(args as never);
  };
}

function wasmDepthwiseBackpropFilter({ inputs, attrs }: { inputs: Inputs; attrs: Attrs }): tf.TensorInfo {
  const x = asTensor(inputs.x);
  const dy = asTensor(inputs.dy);
  const g = geometry(x.shape, attrs.filterShape as number[], attrs, true);
  if (g.outChannels !== g.inChannels) throw new Error('wasm depthwise gradient: channel multiplier must be 1');
  return depthwiseFilterGrad(x, dy, g);
}

function wasmDepthwiseBackpropInput({ inputs, attrs }: { inputs: Inputs; attrs: Attrs }): tf.TensorInfo {
  const dy = asTensor(inputs.dy);
  const filter = asTensor(inputs.filter);
  const g = geometry(attrs.inputShape as number[], filter.shape, attrs, true);
  if (g.outChannels !== g.inChannels) throw new Error('wasm depthwise gradient: channel multiplier must be 1');
  return depthwiseInputGrad(dy, filter, g);
}

let registered = false;

/** Registers (once) the gradient kernels wasm lacks, plus faster replacements. Call before setBackend('wasm'). */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const put = (kernelName: string, kernelFunc: unknown) => {
    if (tf.getKernel(kernelName, 'wasm')) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as tf.KernelFunc });
  };
  put(tf.Conv2DBackpropFilter, wasmConv2DBackpropFilter);
  put(tf.DepthwiseConv2dNativeBackpropFilter, wasmDepthwiseBackpropFilter);
  put(tf.DepthwiseConv2dNativeBackpropInput, wasmDepthwiseBackpropInput);
  // Wrapped kernels keep the original config: its setupFunc (cwrap) must still run at backend init.
  wrap(tf.Conv2DBackpropInput, makeConv2DBackpropInput);
  for (const [name, mean] of [[tf.Sum, false], [tf.Mean, true]] as const) {
    wrap(name, (original) => (args: { inputs: Inputs; attrs: Attrs }) =>
      leadingAxesReduce(asTensor(args.inputs.x), args.attrs.axis as number[], Boolean(args.attrs.keepDims), mean) ??
      original(args as never),
    );
  }
  // Zero-copy Identity and same-dtype Cast, as the cpu backend and wasm's own Reshape do (incRef):
  // the engine clones every tensor a gradient saves, and wasm copied each one (~6 % of a step).
  wrap(tf.Identity, (original) => (args: { inputs: Inputs; backend: tf.KernelBackend }) => shareOrElse(args, args.inputs.x.dtype, original));
  wrap(tf.Cast, (original) => (args: { inputs: Inputs; attrs: Attrs; backend: tf.KernelBackend }) => shareOrElse(args, args.attrs.dtype as string, original));
  tf.registerGradient(fusedBatchNormGrad);
}

/** The input's data under a new reference when the dtype stays the same (not strings); else the original kernel. */
function shareOrElse(args: { inputs: Inputs; backend: tf.KernelBackend }, dtype: string, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x;
  if (x.dtype === 'string' || x.dtype !== dtype) return original(args as never);
  (args.backend as unknown as { incRef(id: object): void }).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function wrap(kernelName: string, make: (original: tf.KernelFunc) => unknown): void {
  const original = tf.getKernel(kernelName, 'wasm');
  if (!original) throw new Error(`wasm kernel ${kernelName} is not registered; import the wasm backend first`);
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) as tf.KernelFunc });
}
