import * as tf from '@tensorflow/tfjs';
import { DEFECT_CODES, WATER_LEVELS } from '../taxonomy/codes';

/**
 * MobileNet-style depthwise-separable CNN for multi-label defect classification.
 * stem conv 3×3/2 → [depthwise 3×3 → pointwise 1×1] × blocks → global average pool → heads.
 * The pool sits right after the last conv so class activation maps are exact:
 * CAM_c = Σ_k w[k,c] · A_k, with A = output of LAST_CONV_LAYER and w = the codes head kernel.
 * Input: float32 [N, S, S, 3] in 0..1 (normalized RGB / 255).
 */
export interface BlockSpec {
  filters: number;
  stride: 1 | 2;
}

export interface ModelConfig {
  inputSize: number;
  /** Scales every layer's channel count (MobileNet's α); rounded to a multiple of 4. */
  widthMultiplier: number;
  stemFilters: number;
  blocks: BlockSpec[];
  dropout: number;
  /** Adds a 4-way softmax head for the Sewer-ML water-level bins (VA). */
  waterHead: boolean;
}

export const LAST_CONV_LAYER = 'last_conv';
export const CODES_HEAD = 'codes';
export const WATER_HEAD = 'water';

/** The blocks of the ~77 k-parameter small96 / small112 nets. */
const SMALL_BLOCKS: BlockSpec[] = [
  { filters: 32, stride: 1 },
  { filters: 64, stride: 2 },
  { filters: 64, stride: 1 },
  { filters: 128, stride: 2 },
  { filters: 128, stride: 1 },
  { filters: 256, stride: 2 },
];

/** SMALL_BLOCKS plus one 256-filter block at the last resolution: what `train --grow` appends to a trained small net. */
const DEEP_BLOCKS: BlockSpec[] = [...SMALL_BLOCKS, { filters: 256, stride: 1 }];

/** SMALL_BLOCKS with 192 filters, not 128, in the two blocks at a quarter of the input's resolution (18×18 at 144 px). */
const BROAD_BLOCKS: BlockSpec[] = SMALL_BLOCKS.map((b, i) => (i === 3 || i === 4 ? { ...b, filters: 192 } : b));

/** The candidate sizes measured in MODEL_CARD.md; `small96` is the ~77 k-parameter baseline. */
export const PRESETS = {
  small96: {
    inputSize: 96,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: SMALL_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  small112: {
    inputSize: 112,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: SMALL_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  /**
   * small112's layers (weight for weight, so `train --init` takes a small112 model) at a larger input:
   * the same scene at more pixels, for the fine-textured codes (cracks, fine roots, deposits, weeping).
   */
  small128: {
    inputSize: 128,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: SMALL_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  small144: {
    inputSize: 144,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: SMALL_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  /** small144 plus one 256-filter block at 9×9: the depth `train --grow` adds to a trained small144. */
  deep144: {
    inputSize: 144,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: DEEP_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  /**
   * small144 with 1.5× the channels at 18×18 (the mid-level shapes that tell cracks from spalling and
   * deposits): what `train --grow` widens a trained small144 into. 0.78× small144's inference speed.
   */
  broad144: {
    inputSize: 144,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: BROAD_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  /** small112 plus one 256-filter block at 7×7: the depth `train --grow` adds to a trained small112. */
  deep112: {
    inputSize: 112,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: DEEP_BLOCKS,
    dropout: 0.2,
    waterHead: false,
  },
  wide128: {
    inputSize: 128,
    widthMultiplier: 1,
    stemFilters: 16,
    blocks: [
      { filters: 32, stride: 2 },
      { filters: 64, stride: 1 },
      { filters: 96, stride: 2 },
      { filters: 128, stride: 1 },
      { filters: 192, stride: 2 },
      { filters: 256, stride: 1 },
    ],
    dropout: 0.2,
    waterHead: false,
  },
} satisfies Record<string, ModelConfig>;

export type PresetName = keyof typeof PRESETS;

function scaled(filters: number, alpha: number): number {
  return Math.max(4, Math.round((filters * alpha) / 4) * 4);
}

function bnRelu(x: tf.SymbolicTensor, name: string, activationName?: string): tf.SymbolicTensor {
  const bn = tf.layers.batchNormalization({ name: `${name}_bn`, momentum: 0.9 }).apply(x) as tf.SymbolicTensor;
  // Plain ReLU, not ReLU6: its gradient is one Step+Mul, ReLU6's four comparison kernels cost ~10 % of a wasm step.
  return tf.layers.reLU({ name: activationName ?? `${name}_relu` }).apply(bn) as tf.SymbolicTensor;
}

export function buildModel(cfg: ModelConfig, seed = 1): tf.LayersModel {
  const init = (i: number) => tf.initializers.heNormal({ seed: seed * 1000 + i });
  const input = tf.input({ shape: [cfg.inputSize, cfg.inputSize, 3], name: 'image' });
  let x = tf.layers
    .conv2d({ filters: scaled(cfg.stemFilters, cfg.widthMultiplier), kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(0), name: 'stem' })
    .apply(input) as tf.SymbolicTensor;
  x = bnRelu(x, 'stem');
  cfg.blocks.forEach((b, i) => {
    const last = i === cfg.blocks.length - 1;
    x = tf.layers
      .depthwiseConv2d({ kernelSize: 3, strides: b.stride, padding: 'same', useBias: false, depthwiseInitializer: init(2 * i + 1), name: `b${i}_dw` })
      .apply(x) as tf.SymbolicTensor;
    x = bnRelu(x, `b${i}_dw`);
    x = tf.layers
      .conv2d({ filters: scaled(b.filters, cfg.widthMultiplier), kernelSize: 1, useBias: false, kernelInitializer: init(2 * i + 2), name: `b${i}_pw` })
      .apply(x) as tf.SymbolicTensor;
    x = bnRelu(x, `b${i}_pw`, last ? LAST_CONV_LAYER : undefined);
  });
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const dropped = tf.layers.dropout({ rate: cfg.dropout, seed, name: 'dropout' }).apply(pooled) as tf.SymbolicTensor;
  const codes = tf.layers
    .dense({ units: DEFECT_CODES.length, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed }), name: CODES_HEAD })
    .apply(dropped) as tf.SymbolicTensor;
  const outputs = [codes];
  if (cfg.waterHead) {
    outputs.push(
      tf.layers
        .dense({ units: WATER_LEVELS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: WATER_HEAD })
        .apply(dropped) as tf.SymbolicTensor,
    );
  }
  return tf.model({ inputs: input, outputs, name: 'sewer_mobilenet' });
}

export function modelConfigFromPreset(name: string, overrides: Partial<ModelConfig> = {}): ModelConfig {
  const p = (PRESETS as Record<string, ModelConfig>)[name];
  if (!p) throw new Error(`unknown model preset "${name}" (have: ${Object.keys(PRESETS).join(', ')})`);
  return { ...p, blocks: p.blocks.map((b) => ({ ...b })), ...overrides };
}
