import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { NormalizationConfig } from '../config';
import { initTf } from '../adapters/tf-backend';
import type { ObservationOptions } from '../analysis/observations';

/**
 * models/<name>/ on disk: model.json + weights.bin (TF.js layers format), manifest.json.
 * Saved with tf.io.withSaveHandler and loaded with tf.io.fromMemory, so no tfjs-node is needed.
 */
export interface ModelManifest {
  name: string;
  version: string;
  inputSize: number;
  /** The 17 Sewer-ML codes in DEFECT_CODES order = the order of the codes head's outputs. */
  codes: string[];
  /** Per-class decision thresholds (score >= threshold fires). */
  thresholds: Record<string, number>;
  /** Lighting normalization the images were trained with; null = trained on un-normalized images. */
  normalization: NormalizationConfig | null;
  waterHead: boolean;
  /** Layer whose output feeds the global average pool (class activation maps). */
  lastConvLayer: string;
  modelConfig?: unknown;
  /** Frames → observations settings tuned for this model on generated videos (scripts/tune-events.ts). */
  eventDetection?: EventDetectionSettings;
  training: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface EventDetectionSettings {
  /** Every per-class threshold is multiplied by this for observations (frame-level F2 thresholds fire too often). */
  thresholdScale: number;
  options: ObservationOptions;
  tunedOn?: string[];
  meanF1?: number;
  command?: string;
}

export class ModelStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelStoreError';
  }
}

async function writeAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/** Writes model.json + weights.bin into `dir` (created if needed). */
export async function saveModelWeights(model: tf.LayersModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const modelJson = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeAtomic(path.join(dir, 'weights.bin'), weights);
      await writeAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

export async function loadModelWeights(dir: string): Promise<tf.LayersModel> {
  await initTf();
  let json: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[] };
  try {
    json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
  } catch (err) {
    throw new ModelStoreError(`cannot read ${path.join(dir, 'model.json')}: ${(err as Error).message}`);
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(path.join(dir, p))));
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

export async function saveModelDir(dir: string, model: tf.LayersModel, manifest: ModelManifest): Promise<void> {
  await saveModelWeights(model, dir);
  await writeAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
}

export async function readManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, 'manifest.json');
  let m: ModelManifest;
  try {
    m = JSON.parse(await readFile(file, 'utf8')) as ModelManifest;
  } catch (err) {
    throw new ModelStoreError(`cannot read ${file}: ${(err as Error).message}`);
  }
  if (!m.name || !Number.isInteger(m.inputSize) || !Array.isArray(m.codes)) {
    throw new ModelStoreError(`${file} lacks name/inputSize/codes`);
  }
  m.normalization ??= null;
  m.thresholds ??= {};
  const ev = m.eventDetection;
  if (ev !== undefined && !(typeof ev === 'object' && ev && Number.isFinite(ev.thresholdScale) && ev.thresholdScale > 0 && typeof ev.options === 'object')) {
    throw new ModelStoreError(`${file}: eventDetection needs a positive thresholdScale and an options object`);
  }
  return m;
}

export async function loadModelDir(dir: string): Promise<{ model: tf.LayersModel; manifest: ModelManifest }> {
  const manifest = await readManifest(dir);
  const model = await loadModelWeights(dir);
  return { model, manifest };
}
