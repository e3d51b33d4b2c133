import type * as tfjs from '@tensorflow/tfjs';
import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';

/**
 * Class activation maps (Zhou et al. 2016) for a net whose last conv feeds a global average pool
 * and then the linear layer of the codes head: CAM_c(x, y) = Σ_k w[k, c] · A_k(x, y).
 * Needs no gradients, so it runs on the wasm backend. The bias is left out (it shifts every
 * pixel equally); negative evidence is clipped (ReLU) and the map scaled to 0..1 by its maximum.
 */
export interface CamMap {
  width: number;
  height: number;
  /** width × height values in 0..1, row-major; all zeros when the class has no positive evidence. */
  data: Float32Array;
}

export class CamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CamError';
  }
}

export interface CamExtractor {
  cam(input: tfjs.Tensor4D, code: DefectCode, outSize: number): Promise<CamMap>;
  /** One map per image of `input` ([N, …]), image i for codes[i]: one forward pass for all N. */
  camBatch(input: tfjs.Tensor4D, codes: readonly DefectCode[], outSize: number): Promise<CamMap[]>;
  dispose(): void;
}

/**
 * Σ_k w[k, c] · A_k at feature resolution, before ReLU: its spatial mean plus the head's bias is
 * exactly the class logit (that identity is what makes GAP-CAM exact, and what the tests check).
 * `a`: [1, h, w, C] last-conv activations; `kernel`: [C, 17].
 */
export function rawCam(tf: typeof tfjs, a: tfjs.Tensor4D, kernel: tfjs.Tensor2D, c: number): tfjs.Tensor2D {
  return tf.tidy(() => {
    const [, h, w, C] = a.shape;
    const wc = tf.slice(kernel, [0, c], [C, 1]);
    return tf.matMul(tf.reshape(a, [h * w, C]), wc).reshape([h, w]) as tfjs.Tensor2D;
  });
}

/**
 * Builds the feature extractor once: `extract` (e.g. the BN-folded graph of folded-net.ts) or
 * else a sub-model from the input to `lastConvLayer`'s output, plus the codes head's kernel [channels, 17].
 */
export function createCamExtractor(
  tf: typeof tfjs,
  model: tfjs.LayersModel,
  lastConvLayer: string,
  codesHead: string,
  extract?: (x: tfjs.Tensor4D) => tfjs.Tensor4D,
): CamExtractor {
  let conv: tfjs.layers.Layer;
  let head: tfjs.layers.Layer;
  try {
    conv = model.getLayer(lastConvLayer);
    head = model.getLayer(codesHead);
  } catch {
    throw new CamError(`CAM needs layers "${lastConvLayer}" and "${codesHead}" (GAP + dense head); model has: ${model.layers.map((l) => l.name).join(', ')}`);
  }
  const sub = extract ? undefined : tf.model({ inputs: model.inputs, outputs: conv.output as tfjs.SymbolicTensor });
  const features = (x: tfjs.Tensor4D) => (extract ? extract(x) : (sub!.predict(x) as tfjs.Tensor4D));
  const kernel = head.getWeights()[0] as tfjs.Tensor2D;
  const channels = (conv.output as tfjs.SymbolicTensor).shape[3];
  if (kernel.shape.length !== 2 || kernel.shape[0] !== channels || kernel.shape[1] !== DEFECT_CODES.length) {
    throw new CamError(`codes head kernel ${JSON.stringify(kernel.shape)} does not match ${channels} feature channels × ${DEFECT_CODES.length} codes (not a GAP + dense head?)`);
  }
  const classIndex = (code: DefectCode) => {
    const c = DEFECT_CODES.indexOf(code);
    if (c < 0) throw new CamError(`unknown defect code ${code}`);
    return c;
  };
  /** [h, w] raw map → ReLU, upsampled to outSize², divided by its max (a zero map stays zero). */
  const finish = (raw: tfjs.Tensor2D, outSize: number) => {
    const [h, w] = raw.shape;
    const m = tf.relu(raw).reshape([1, h, w, 1]) as tfjs.Tensor4D;
    const up = tf.image.resizeBilinear(m, [outSize, outSize], true);
    const peak = tf.max(up);
    return tf.div(up, tf.maximum(peak, tf.scalar(1e-12))).reshape([outSize * outSize]);
  };
  const download = async (map: tfjs.Tensor, outSize: number): Promise<CamMap> => {
    const data = (await map.data()) as Float32Array;
    map.dispose();
    return { width: outSize, height: outSize, data: Float32Array.from(data, (v) => Math.min(1, Math.max(0, v))) };
  };
  return {
    async cam(input, code, outSize) {
      const c = classIndex(code);
      const map = tf.tidy(() => finish(rawCam(tf, features(input), kernel, c), outSize));
      return download(map, outSize);
    },
    async camBatch(input, codes, outSize) {
      if (codes.length !== input.shape[0]) throw new CamError(`camBatch: ${input.shape[0]} images but ${codes.length} codes`);
      const cs = codes.map(classIndex);
      const maps = tf.tidy(() => {
        const a = features(input); // [N, h, w, C]
        const [, h, w, C] = a.shape;
        return cs.map((c, i) => finish(rawCam(tf, tf.slice(a, [i, 0, 0, 0], [1, h, w, C]), kernel, c), outSize));
      });
      const out: CamMap[] = [];
      for (const m of maps) out.push(await download(m, outSize));
      return out;
    },
    dispose() {
      // Nothing of our own to free: `sub` shares its layers and `kernel` IS the head's weight
      // variable (getWeights returns the variables, not copies); disposing either would break `model`.
    },
  };
}
