import type * as tfjs from '@tensorflow/tfjs';

/**
 * The classifier's inference graph with every BatchNormalization folded into the convolution
 * before it and every ReLU fused into that convolution: conv → BN → ReLU becomes ONE
 * fused conv with bias and activation (wasm's FusedConv2D / FusedDepthwiseConv2D).
 *
 *   scale = γ / √(σ² + ε),  W' = W · scale (per output channel),  b' = β − μ · scale
 *
 * Why: at inference BN is an affine map per channel, yet tf.layers runs it (and the ReLU) as
 * separate passes over every activation — 40 % of a small96 forward pass on wasm, plus a Slice
 * that LayersModel.predict adds for batching. Identical maths up to float rounding (the tests
 * compare it with model.predict). Training keeps the layers model; this is built once per load.
 *
 * Supports the chain model-factory builds (Conv2D / DepthwiseConv2D, BN, ReLU, then global
 * average pooling, dropout, dense heads). Anything else makes `foldForInference` throw, and the
 * classifier falls back to the layers model.
 */
type Activation = 'linear' | 'relu';

interface FoldedConv {
  kind: 'conv' | 'depthwise';
  filter: tfjs.Tensor4D;
  bias: tfjs.Tensor1D;
  strides: [number, number];
  pad: 'same' | 'valid';
  activation: Activation;
}

export interface FoldedNet {
  /** Activations of `lastConvLayer` ([N, h, w, C], after its ReLU), as the layers model computes them. */
  features(x: tfjs.Tensor4D): tfjs.Tensor4D;
  /** The codes head (sigmoid) applied to features' global average. */
  codes(features: tfjs.Tensor4D): tfjs.Tensor2D;
  dispose(): void;
}

interface LayerLike {
  name: string;
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  getWeights(): tfjs.Tensor[];
  inboundNodes: { inboundLayers: LayerLike[] }[];
}

function pair(v: unknown): [number, number] {
  if (Array.isArray(v)) return [Number(v[0]), Number(v[1] ?? v[0])];
  return [Number(v), Number(v)];
}

/** Folds BN params into (filter, bias); filter's last axis (conv) or third axis (depthwise, multiplier 1) is the channel. */
function foldBn(tf: typeof tfjs, conv: FoldedConv, bn: LayerLike): FoldedConv {
  const cfg = bn.getConfig();
  const axis = Number(cfg.axis ?? -1);
  if (axis !== -1 && axis !== 3) throw new Error(`batch norm axis ${axis}`);
  const eps = Number(cfg.epsilon ?? 1e-3);
  const w = bn.getWeights();
  let i = 0;
  const gamma = cfg.scale === false ? undefined : w[i++];
  const beta = cfg.center === false ? undefined : w[i++];
  const mean = w[i++];
  const variance = w[i++];
  return tf.tidy(() => {
    let scale = tf.rsqrt(tf.add(variance, eps)) as tfjs.Tensor1D;
    if (gamma) scale = tf.mul(scale, gamma);
    const c = scale.shape[0];
    const filter = tf.mul(conv.filter, conv.kind === 'conv' ? tf.reshape(scale, [1, 1, 1, c]) : tf.reshape(scale, [1, 1, c, 1])) as tfjs.Tensor4D;
    let bias = tf.mul(tf.sub(conv.bias, mean), scale) as tfjs.Tensor1D;
    if (beta) bias = tf.add(bias, beta);
    tf.dispose([conv.filter, conv.bias]);
    return { ...conv, filter: tf.keep(filter), bias: tf.keep(bias) };
  });
}

function convFrom(tf: typeof tfjs, layer: LayerLike): FoldedConv {
  const cfg = layer.getConfig();
  const cls = layer.getClassName();
  const kind = cls === 'Conv2D' ? 'conv' : 'depthwise';
  const [kernel, bias] = layer.getWeights();
  if (kind === 'depthwise' && kernel.shape[3] !== 1) throw new Error('depth multiplier must be 1');
  const dilation = pair(cfg.dilationRate ?? 1);
  if (dilation[0] !== 1 || dilation[1] !== 1) throw new Error('dilated conv');
  if ((cfg.dataFormat ?? 'channelsLast') !== 'channelsLast') throw new Error('channels-first conv');
  const act = String(cfg.activation ?? 'linear');
  if (act !== 'linear' && act !== 'relu') throw new Error(`activation ${act}`);
  const channels = (kind === 'conv' ? kernel.shape[3] : kernel.shape[2]) as number;
  return {
    kind,
    filter: tf.clone(kernel) as tfjs.Tensor4D,
    bias: bias ? (tf.clone(bias) as tfjs.Tensor1D) : tf.zeros([channels]),
    strides: pair(cfg.strides ?? 1),
    pad: cfg.padding === 'valid' ? 'valid' : 'same',
    activation: act,
  };
}

/** Builds the folded graph; throws (after freeing what it made) for a model it cannot fold. */
export function foldForInference(tf: typeof tfjs, model: tfjs.LayersModel, lastConvLayer: string, codesHead: string): FoldedNet {
  const convs: FoldedConv[] = [];
  try {
    const byName = new Map(model.layers.map((l) => [l.name, l as unknown as LayerLike]));
    const chain: LayerLike[] = [];
    // Walk back from the last conv layer to the input through single-input layers.
    for (let l = byName.get(lastConvLayer); l && l.getClassName() !== 'InputLayer'; ) {
      chain.unshift(l);
      const ins = l.inboundNodes[0]?.inboundLayers ?? [];
      if (ins.length !== 1) throw new Error(`${l.name} has ${ins.length} inputs`);
      l = ins[0];
    }
    if (chain.length === 0) throw new Error(`no layer ${lastConvLayer}`);
    for (const layer of chain) {
      const cls = layer.getClassName();
      const prev = convs[convs.length - 1];
      if (cls === 'Conv2D' || cls === 'DepthwiseConv2D') convs.push(convFrom(tf, layer));
      else if (cls === 'BatchNormalization' && prev && prev.activation === 'linear') convs[convs.length - 1] = foldBn(tf, prev, layer);
      else if (cls === 'ReLU' && prev && prev.activation === 'linear' && layer.getConfig().maxValue == null) prev.activation = 'relu';
      else if (cls === 'Activation' && prev && prev.activation === 'linear' && layer.getConfig().activation === 'relu') prev.activation = 'relu';
      else throw new Error(`cannot fold ${cls} "${layer.name}"`);
    }
    const head = byName.get(codesHead);
    if (!head || head.getClassName() !== 'Dense' || head.getConfig().activation !== 'sigmoid') throw new Error(`no sigmoid dense "${codesHead}"`);
    const [hk, hb] = head.getWeights();
    const headKernel = tf.clone(hk) as tfjs.Tensor2D;
    const headBias = hb ? (tf.clone(hb) as tfjs.Tensor1D) : (tf.zeros([hk.shape[1] as number]) as tfjs.Tensor1D);
    return {
      features(x) {
        return tf.tidy(() => {
          let a = x;
          for (const c of convs) {
            const args = { x: a, filter: c.filter, strides: c.strides, pad: c.pad, bias: c.bias, activation: c.activation };
            a = c.kind === 'conv' ? tf.fused.conv2d(args) : tf.fused.depthwiseConv2d(args);
          }
          return a;
        });
      },
      codes(features) {
        return tf.tidy(() => tf.sigmoid(tf.add(tf.matMul(tf.mean(features, [1, 2]) as tfjs.Tensor2D, headKernel), headBias)) as tfjs.Tensor2D);
      },
      dispose() {
        tf.dispose([...convs.flatMap((c) => [c.filter, c.bias]), headKernel, headBias]);
      },
    };
  } catch (err) {
    tf.dispose(convs.flatMap((c) => [c.filter, c.bias]));
    throw new Error(`cannot fold the model for inference: ${(err as Error).message}`);
  }
}
