import type * as tfjs from '@tensorflow/tfjs';
import { config } from '../config';
import { initTf } from '../adapters/tf-backend';
import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import { createCamExtractor, type CamExtractor, type CamMap } from './cam';
import { foldForInference, type FoldedNet } from './folded-net';
import { flattenScores, thresholdsFromRecord } from './metrics';
import { CODES_HEAD, LAST_CONV_LAYER } from './model-factory';
import { loadModelDir, type ModelManifest } from './model-store';

/**
 * The shipped CNN behind one small API: the pipeline, `sewer classify` and `sewer eval` all call
 * `predict` on images already passed through preprocessForModel (normalized, resized to inputSize²).
 */
export interface Classifier {
  name: string;
  version: string;
  inputSize: number;
  codes: DefectCode[];
  /** Decision thresholds from the manifest, keyed by code; a class fires at score >= threshold. */
  thresholds: Record<DefectCode, number>;
  /** The same thresholds as an array in DEFECT_CODES order (what metrics.binarize takes). */
  thresholdList: number[];
  manifest: ModelManifest;
  backend: string;
  /** 17 sigmoid scores per image, DEFECT_CODES order. */
  predict(batch: Uint8Array[]): Promise<Float32Array[]>;
  cam(img: Uint8Array, code: DefectCode): Promise<CamMap>;
  /** cam() for many images at once (image i for codes[i]), one forward pass per MAX_BATCH. */
  camBatch(imgs: readonly Uint8Array[], codes: readonly DefectCode[]): Promise<CamMap[]>;
  dispose(): void;
}

export class ClassifierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClassifierError';
  }
}

/** Images per forward pass: bounds the wasm heap (it only grows) without hurting throughput. */
const MAX_BATCH = 32;

/** Packed RGB24 at inputSize² → float32 NHWC in 0..1, the model's input contract (model-factory). */
export function imagesToTensor(tf: typeof tfjs, batch: readonly Uint8Array[], inputSize: number): tfjs.Tensor4D {
  const px = inputSize * inputSize * 3;
  const buf = new Float32Array(batch.length * px);
  batch.forEach((img, i) => {
    if (img.length !== px) throw new ClassifierError(`image ${i} has ${img.length} bytes; the model takes ${inputSize}x${inputSize} RGB24 (${px})`);
    for (let j = 0; j < px; j++) buf[i * px + j] = img[j] / 255;
  });
  return tf.tensor4d(buf, [batch.length, inputSize, inputSize, 3]);
}

/** Scores `n` packed model inputs (a dataset's `images`), 64 at a time: n × 17 in DEFECT_CODES order. */
export async function scorePackedImages(clf: Classifier, images: Uint8Array, n: number): Promise<Float32Array> {
  const px = clf.inputSize * clf.inputSize * 3;
  const rows: Float32Array[] = [];
  for (let start = 0; start < n; start += 64) {
    const batch: Uint8Array[] = [];
    for (let i = start; i < Math.min(n, start + 64); i++) batch.push(images.subarray(i * px, (i + 1) * px));
    rows.push(...(await clf.predict(batch)));
  }
  return flattenScores(rows);
}

/** Index of the codes head among the model's outputs (a water head may follow it). */
function codesOutputIndex(model: tfjs.LayersModel): number {
  const byName = model.outputs.findIndex((o) => o.sourceLayer.name === CODES_HEAD);
  if (byName >= 0) return byName;
  const bySize = model.outputs.findIndex((o) => o.shape[o.shape.length - 1] === DEFECT_CODES.length);
  if (bySize >= 0) return bySize;
  throw new ClassifierError(`model has no ${DEFECT_CODES.length}-way "${CODES_HEAD}" output`);
}

export async function loadClassifier(dir: string = config().ml.modelDir): Promise<Classifier> {
  const { tf, backend } = await initTf();
  const { model, manifest } = await loadModelDir(dir);
  const codes = manifest.codes as DefectCode[];
  if (codes.length !== DEFECT_CODES.length || codes.some((c, i) => c !== DEFECT_CODES[i])) {
    model.dispose();
    throw new ClassifierError(`${dir}: manifest codes ${codes.join(',')} are not the 17 Sewer-ML codes in order`);
  }
  const inputSize = manifest.inputSize;
  const outIdx = codesOutputIndex(model);
  const thresholdList = thresholdsFromRecord(manifest.thresholds ?? {});
  const thresholds = Object.fromEntries(DEFECT_CODES.map((c, i) => [c, thresholdList[i]])) as Record<DefectCode, number>;
  let camx: CamExtractor | undefined;
  const lastConv = manifest.lastConvLayer || LAST_CONV_LAYER;
  let folded: FoldedNet | undefined;
  try {
    folded = foldForInference(tf, model, lastConv, CODES_HEAD);
  } catch (err) {
    console.warn(`[classifier] ${(err as Error).message}; using the unfolded layers model (slower)`);
  }
  const newCamExtractor = () => createCamExtractor(tf, model, lastConv, CODES_HEAD, folded && ((x) => folded!.features(x)));

  async function predict(batch: Uint8Array[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < batch.length; start += MAX_BATCH) {
      const chunk = batch.slice(start, start + MAX_BATCH);
      const scores = tf.tidy(() => {
        const x = imagesToTensor(tf, chunk, inputSize);
        if (folded) return folded.codes(folded.features(x));
        const y = model.predict(x);
        return (Array.isArray(y) ? y[outIdx] : y) as tfjs.Tensor2D;
      });
      const flat = (await scores.data()) as Float32Array;
      scores.dispose();
      for (let i = 0; i < chunk.length; i++) out.push(flat.slice(i * DEFECT_CODES.length, (i + 1) * DEFECT_CODES.length));
    }
    return out;
  }

  async function cam(img: Uint8Array, code: DefectCode): Promise<CamMap> {
    camx ??= newCamExtractor();
    const x = imagesToTensor(tf, [img], inputSize);
    try {
      return await camx.cam(x, code, inputSize);
    } finally {
      x.dispose();
    }
  }

  async function camBatch(imgs: readonly Uint8Array[], codes: readonly DefectCode[]): Promise<CamMap[]> {
    if (imgs.length !== codes.length) throw new ClassifierError(`camBatch: ${imgs.length} images but ${codes.length} codes`);
    camx ??= newCamExtractor();
    const out: CamMap[] = [];
    for (let start = 0; start < imgs.length; start += MAX_BATCH) {
      const x = imagesToTensor(tf, imgs.slice(start, start + MAX_BATCH), inputSize);
      try {
        out.push(...(await camx.camBatch(x, codes.slice(start, start + MAX_BATCH), inputSize)));
      } finally {
        x.dispose();
      }
    }
    return out;
  }

  return {
    name: manifest.name,
    version: String(manifest.version),
    inputSize,
    codes,
    thresholds,
    thresholdList,
    manifest,
    backend,
    predict,
    cam,
    camBatch,
    dispose() {
      camx?.dispose();
      folded?.dispose();
      model.dispose();
    },
  };
}
