import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initTf } from '../adapters/tf-backend';
import { config } from '../config';
import { DEFECT_CLASSES, DEFECT_CODES, WATER_LEVELS } from '../taxonomy/codes';
import { augmentInto, drawAugment, makeRng, toFloatInto, type Rng } from './augment';
import type { SewerMlDataset } from './dataset';
import { loadTrainingData } from './train-data';
import { waitForChunk } from './still-stream';
import { readDatasetCache } from './train-cache';
import { metricsFromScores, type EvalMetrics } from './metrics';
import { calibrateForDeployment, selectionScore } from './train-calibrate';
import { buildModel, LAST_CONV_LAYER, modelConfigFromPreset, type ModelConfig } from './model-factory';
import { growFrom } from './grow-model';
import { loadModelWeights, saveModelDir, type ModelManifest } from './model-store';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type TrainState } from './train-checkpoint';
import { ProgressBar } from './train-progress';
import { writeModelCard } from './train-report';
import { classWeights, type ClassWeighting } from './class-weights';
import { makeTrainStep, positiveWeights } from './train-step';
import { WeightAverage } from './weight-average';
import { loadEma, saveEpochWeights } from './train-epoch-weights';

export interface TrainOptions {
  data: string;
  out: string;
  epochs: number;
  batch: number;
  valFrac: number;
  seed: number;
  resume: boolean;
  preset: string;
  lr: number;
  patience: number;
  waterHead: boolean;
  normalize: boolean;
  /** Optional held-out set (never used for selection): its metrics go into the manifest. */
  test?: string;
  /** Warm start: copy the weights of this saved model (same preset) before the first epoch. */
  init?: string;
  /** With `init`: the preset appends blocks to the init model's; they start as identity (lib/ml/grow-model.ts). */
  grow?: boolean;
  /** Per-class loss weights (default none). */
  classWeighting?: ClassWeighting;
  /**
   * Never-repeated training stills: epoch e trains on DIR's chunk e (lib/ml/still-stream.ts), waiting
   * for the producer when it is behind; `data` is then the validation set only.
   */
  stream?: string;
  /** How long to wait for the producer's next chunk before giving up (default 45 min). */
  streamWaitMinutes?: number;
  /** Stop starting new epochs after this many minutes (the shared machine's budget). */
  maxMinutes?: number;
  /**
   * Decay of an exponential moving average of the weights, updated every step (lib/ml/weight-average.ts);
   * validation, selection and the saved model then use the averaged weights.
   */
  ema?: number;
  /** Also save each epoch's weights under OUT/epochs/ (averaged and, with `ema`, trained). */
  keepEpochs?: boolean;
  command: string;
  dataRecipe?: string;
  version: string;
}

const K = DEFECT_CODES.length;

/** Seeded Fisher–Yates permutation of 0..n-1. */
function permutation(n: number, rng: Rng): Int32Array {
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

function batchTensors(ds: SewerMlDataset, idx: ArrayLike<number>, rng: Rng | null, withWater: boolean) {
  const S = ds.inputSize;
  const px = S * S * 3;
  const x = new Float32Array(idx.length * px);
  const y = new Float32Array(idx.length * K);
  const w = new Float32Array(idx.length * WATER_LEVELS.length);
  for (let b = 0; b < idx.length; b++) {
    const i = idx[b];
    const img = ds.images.subarray(i * px, (i + 1) * px);
    if (rng) augmentInto(img, S, drawAugment(rng, S), x, b * px);
    else toFloatInto(img, x, b * px);
    for (let c = 0; c < K; c++) y[b * K + c] = ds.labels[i * K + c];
    if (ds.water[i] >= 0) w[b * WATER_LEVELS.length + ds.water[i]] = 1;
  }
  return {
    x: tf.tensor4d(x, [idx.length, S, S, 3]),
    y: tf.tensor2d(y, [idx.length, K]),
    water: withWater ? tf.tensor2d(w, [idx.length, WATER_LEVELS.length]) : undefined,
  };
}

/** Sigmoid scores (n×17, DEFECT_CODES order) for the given rows, no augmentation. */
export function predictScores(model: tf.LayersModel, ds: SewerMlDataset, rows: ArrayLike<number>, batch = 64): Float32Array {
  const out = new Float32Array(rows.length * K);
  for (let s = 0; s < rows.length; s += batch) {
    const idx = Array.from({ length: Math.min(batch, rows.length - s) }, (_, j) => rows[s + j]);
    const scores = tf.tidy(() => {
      const { x, y } = batchTensors(ds, idx, null, false);
      y.dispose();
      const pred = model.predict(x) as tf.Tensor | tf.Tensor[];
      return (Array.isArray(pred) ? pred[0] : pred).dataSync() as Float32Array;
    });
    out.set(scores, s * K);
  }
  return out;
}

function labelsOf(ds: SewerMlDataset, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rows.length * K);
  for (let r = 0; r < rows.length; r++) out.set(ds.labels.subarray(rows[r] * K, rows[r] * K + K), r * K);
  return out;
}


/** Noise on widened channels' copies (× kernel std): breaks their symmetry, moves the starting scores a little (tests/unit/ml-grow.test.ts). */
const GROW_NOISE = 0.01;

/** Copies a saved model's weights into `model`; the architectures must match weight for weight. */
async function warmStart(model: tf.LayersModel, dir: string): Promise<void> {
  const src = await loadModelWeights(dir);
  const from = src.getWeights();
  const to = model.getWeights();
  const same = from.length === to.length && from.every((w, i) => w.shape.join('x') === to[i].shape.join('x'));
  if (!same) {
    src.dispose();
    throw new Error(`--init ${dir}: its architecture differs from the chosen preset`);
  }
  model.setWeights(from);
  src.dispose();
  console.error(`[train] warm start from ${dir}`);
}

/** Warm start into a deeper or wider preset: shared layers copied (extra channels as copies), appended blocks start as identity. */
async function growStart(model: tf.LayersModel, dir: string, ds: SewerMlDataset, trainRows: Int32Array, seed: number): Promise<void> {
  const src = await loadModelWeights(dir);
  const sample = batchTensors(ds, trainRows.subarray(0, Math.min(256, trainRows.length)), null, false);
  try {
    const r = growFrom(model, src, sample.x, { noise: GROW_NOISE, seed });
    const widened = r.widened.length ? `, ${r.widened.join(', ')} widened` : '';
    const identity = r.identity.length ? `, ${r.identity.join(', ')} start as identity` : '';
    console.error(`[train] grown from ${dir}: ${r.copied.length} layers copied${widened}${identity}`);
  } finally {
    tf.dispose([sample.x, sample.y]);
    src.dispose();
  }
}

export interface TrainResult {
  manifest: ModelManifest;
  val: EvalMetrics;
  test?: EvalMetrics;
}

export async function trainClassifier(opts: TrainOptions): Promise<TrainResult> {
  const { backend } = await initTf();
  const modelCfg: ModelConfig = modelConfigFromPreset(opts.preset, { waterHead: opts.waterHead });
  const normalization = opts.normalize ? config().normalization : null;
  const loadOpts = { inputSize: modelCfg.inputSize, normalize: opts.normalize, normalization: normalization ?? undefined };
  const { ds, loader } = await loadTrainingData(opts.data, loadOpts);
  if (ds.n < 10) throw new Error(`${opts.data}: need at least 10 images, found ${ds.n}`);

  const order = permutation(ds.n, makeRng(opts.seed));
  const nVal = opts.stream ? ds.n : Math.max(1, Math.round(ds.n * opts.valFrac));
  const valRows = order.subarray(0, nVal);
  // What an epoch trains on: rows of `ds`, or with --stream all rows of the epoch's chunk.
  let trainDs = ds;
  let trainRows = order.subarray(nVal);
  let streamImages = 0;
  const useChunk = async (k: number) => {
    const file = await waitForChunk(opts.stream!, k, (opts.streamWaitMinutes ?? 45) * 60_000);
    const chunk = (await readDatasetCache(file)).ds;
    if (chunk.inputSize !== modelCfg.inputSize) throw new Error(`${file} holds ${chunk.inputSize}² images; the model takes ${modelCfg.inputSize}²`);
    trainDs = chunk;
    trainRows = Int32Array.from({ length: chunk.n }, (_, i) => i);
  };
  if (opts.stream) await useChunk(0);
  const trainLabels = labelsOf(trainDs, trainRows);
  const valLabels = labelsOf(ds, valRows);
  const posWeight = positiveWeights(trainLabels, K);

  const model = buildModel(modelCfg, opts.seed);
  if (opts.init && opts.grow) await growStart(model, opts.init, trainDs, trainRows, opts.seed);
  else if (opts.init) await warmStart(model, opts.init);
  const optimizer = tf.train.adam(opts.lr);
  const setLr = (lr: number) => ((optimizer as unknown as { learningRate: number }).learningRate = lr);
  const classWeight = classWeights(opts.classWeighting ?? 'none', DEFECT_CLASSES.map((c) => c.ciw));
  const step = makeTrainStep(model, optimizer, posWeight, 0.3, classWeight);
  const ckptDir = path.join(opts.out, 'checkpoint');
  const fingerprint = JSON.stringify({ data: path.resolve(opts.data), ...(opts.stream ? { stream: path.resolve(opts.stream) } : {}), preset: opts.preset, seed: opts.seed, valFrac: opts.valFrac, batch: opts.batch, waterHead: opts.waterHead, ...(opts.ema ? { ema: opts.ema } : {}) });
  let state: TrainState = { epoch: 0, step: 0, bestScore: -1, bestEpoch: 0, badEpochs: 0, history: [], fingerprint };
  let best: tf.Tensor[] | undefined;
  let avg: WeightAverage | undefined;
  if (opts.resume && (await hasCheckpoint(ckptDir))) {
    // Adam's slots exist only after one step; run a zero-lr step so setWeights has them to fill.
    setLr(0);
    const warm = batchTensors(trainDs, trainRows.subarray(0, Math.min(2, trainRows.length)), null, opts.waterHead);
    step(warm);
    tf.dispose([warm.x, warm.y, warm.water].filter(Boolean) as tf.Tensor[]);
    const loaded = await loadCheckpoint(ckptDir, model, optimizer);
    if (loaded.state.fingerprint !== fingerprint) throw new Error(`${ckptDir} was made with different data/preset/seed/batch/ema; start without --resume`);
    state = loaded.state;
    best = loaded.best;
    if (opts.ema) {
      const start = await loadEma(ckptDir, state);
      avg = new WeightAverage(model, opts.ema, start);
      tf.dispose(start.weights);
    }
    console.error(`[train] resumed after epoch ${state.epoch} (step ${state.step}, best epoch ${state.bestEpoch})`);
    // Chunks are all the same size; the ones before the checkpoint count toward the images seen.
    if (opts.stream) streamImages = state.epoch * trainRows.length;
  }

  if (opts.ema && !avg) avg = new WeightAverage(model, opts.ema);
  const trainDesc = opts.stream ? `a fresh chunk of ${trainRows.length} from ${opts.stream} per epoch` : `${trainRows.length} train`;
  console.error(`[train] ${backend}: ${ds.n} images (${trainDesc} / ${nVal} val), preset ${opts.preset} ${modelCfg.inputSize}², ${model.countParams()} params, batch ${opts.batch}`);
  const t0 = performance.now();
  const augRng = makeRng(opts.seed * 7919 + state.epoch);
  for (let epoch = state.epoch; epoch < opts.epochs; epoch++) {
    // The budget is a limit, not a starting deadline: an epoch that would end past it (judged by
    // the last epoch's length) is not started.
    const lastEpochMin = (state.history.at(-1)?.seconds ?? 0) / 60;
    if (opts.maxMinutes && (performance.now() - t0) / 60000 + lastEpochMin > opts.maxMinutes) {
      console.error(`[train] time budget of ${opts.maxMinutes} min: epoch ${epoch + 1} (~${lastEpochMin.toFixed(0)} min) would not fit; stopping`);
      break;
    }
    // Cosine decay to 5 % of the base rate over the planned epochs.
    const lr = opts.lr * (0.05 + 0.95 * 0.5 * (1 + Math.cos((Math.PI * epoch) / opts.epochs)));
    setLr(lr);
    if (opts.stream && epoch > 0) await useChunk(epoch);
    streamImages += opts.stream ? trainRows.length : 0;
    const perm = permutation(trainRows.length, makeRng(opts.seed + 1000 * (epoch + 1)));
    const bar = new ProgressBar(`epoch ${epoch + 1}/${opts.epochs}`, trainRows.length);
    const te = performance.now();
    let lossSum = 0;
    let batches = 0;
    for (let s = 0; s + opts.batch <= trainRows.length; s += opts.batch) {
      const idx = Array.from({ length: opts.batch }, (_, j) => trainRows[perm[s + j]]);
      const b = batchTensors(trainDs, idx, augRng, opts.waterHead);
      lossSum += step(b);
      avg?.update(model);
      tf.dispose([b.x, b.y, b.water].filter(Boolean) as tf.Tensor[]);
      batches++;
      state.step++;
      bar.update(s + opts.batch, `loss ${(lossSum / batches).toFixed(4)}`);
    }
    bar.update(trainRows.length, `loss ${(lossSum / batches).toFixed(4)}`);
    const validate = () => calibrateForDeployment(predictScores(model, ds, valRows), valLabels).metrics;
    // With --ema the averaged weights are what is validated, selected and saved; the trained ones are logged beside.
    const trained = avg ? validate() : undefined;
    const m = avg ? await avg.withAveraged(model, validate) : validate();
    const score = selectionScore(m);
    const seconds = (performance.now() - te) / 1000;
    state.history.push({
      epoch: epoch + 1, loss: lossSum / batches, valF2Ciw: m.f2_ciw, valF1Normal: m.f1_normal, lr, seconds,
      ...(trained ? { trainedValF2Ciw: trained.f2_ciw, trainedValF1Normal: trained.f1_normal } : {}),
    });
    state.epoch = epoch + 1;
    if (avg) state.emaUpdates = avg.count;
    if (score > state.bestScore) {
      state.bestScore = score;
      state.bestEpoch = epoch + 1;
      state.badEpochs = 0;
      tf.dispose(best ?? []);
      best = (avg ? avg.weights() : model.getWeights().map((w) => tf.clone(w))).map((w) => tf.keep(w));
    } else {
      state.badEpochs++;
    }
    const also = trained ? ` (trained weights: ${trained.f2_ciw.toFixed(3)} / ${trained.f1_normal.toFixed(3)})` : '';
    console.error(`[train] epoch ${epoch + 1}: loss ${(lossSum / batches).toFixed(4)}, val F2-CIW ${m.f2_ciw.toFixed(3)}, F1-normal ${m.f1_normal.toFixed(3)} (calibrated${avg ? ', averaged weights' : ''})${also}, ${seconds.toFixed(0)} s${state.bestEpoch === epoch + 1 ? ' *best*' : ''}`);
    await saveEpochWeights(ckptDir, opts.out, epoch + 1, model, avg, opts.keepEpochs ?? false);
    await saveCheckpoint(ckptDir, model, optimizer, state, best);
    if (state.badEpochs >= opts.patience) {
      console.error(`[train] early stop: no improvement for ${opts.patience} epochs`);
      break;
    }
  }

  if (best) model.setWeights(best);
  const valScores = predictScores(model, ds, valRows);
  const cal = calibrateForDeployment(valScores, valLabels);
  const val = cal.metrics;
  let test: EvalMetrics | undefined;
  if (opts.test) {
    const { ds: tds } = await loadTrainingData(opts.test, loadOpts);
    const rows = Int32Array.from({ length: tds.n }, (_, i) => i);
    test = metricsFromScores(predictScores(model, tds, rows), tds.labels, cal.thresholds);
    console.error(`[train] held-out ${opts.test}: F2-CIW ${test.f2_ciw.toFixed(3)}, F1-normal ${test.f1_normal.toFixed(3)} (n=${test.n})`);
  }
  const summary = (m: EvalMetrics) => ({
    n: m.n,
    f2_ciw: m.f2_ciw,
    f1_normal: m.f1_normal,
    classes: Object.fromEntries(Object.entries(m.classes).map(([c, v]) => [c, { precision: v.precision, recall: v.recall, f1: v.f1, f2: v.f2, support: v.support }])),
  });
  const manifest: ModelManifest = {
    name: path.basename(path.resolve(opts.out)),
    version: opts.version,
    inputSize: modelCfg.inputSize,
    codes: [...DEFECT_CODES],
    thresholds: Object.fromEntries(DEFECT_CODES.map((c, i) => [c, Math.round(cal.thresholds[i] * 1e4) / 1e4])),
    normalization: loader === 'standin' ? null : normalization,
    waterHead: opts.waterHead,
    lastConvLayer: LAST_CONV_LAYER,
    modelConfig: { preset: opts.preset, ...modelCfg, params: model.countParams() },
    training: {
      command: opts.command,
      dataRecipe: opts.dataRecipe ?? opts.data,
      seed: opts.seed,
      ...(opts.init ? { initFrom: opts.init, ...(opts.grow ? { grownFrom: true } : {}) } : {}),
      epochs: state.epoch,
      plannedEpochs: opts.epochs,
      bestEpoch: state.bestEpoch,
      batch: opts.batch,
      lr: opts.lr,
      ...(opts.ema ? { ema: opts.ema } : {}),
      valFrac: opts.valFrac,
      thresholdFloor: cal.floor,
      images: opts.stream ? ds.n + streamImages : ds.n,
      trainImages: opts.stream ? streamImages : trainRows.length,
      ...(opts.stream ? { stream: opts.stream } : {}),
      valImages: nVal,
      posWeight: Object.fromEntries(DEFECT_CODES.map((c, i) => [c, Math.round(posWeight[i] * 100) / 100])),
      backend,
      loader,
      minutes: Math.round((performance.now() - t0) / 600) / 100,
      history: state.history,
      augmentation: 'hflip, zoom 1–1.15, shift ±5 %, mild brightness/contrast/gamma/shadow jitter after normalization; 15 % desaturated 60–100 %, 25 % sensor grain σ 0.01–0.035',
      loss: 'pos_weight BCE over 17 codes' + (classWeight ? `, classes weighted ${opts.classWeighting}` : '') + (opts.waterHead ? ' + 0.3 × water-bin CE' : ''),
      ...(classWeight ? { classWeights: Object.fromEntries(DEFECT_CODES.map((c, i) => [c, Math.round(classWeight[i] * 100) / 100])) } : {}),
    },
    metrics: { validation: summary(val), ...(test ? { heldOut: { data: opts.test, ...summary(test) } } : {}) },
  };
  await saveModelDir(opts.out, model, manifest);
  await writeModelCard(opts.out, manifest);
  tf.dispose(best ?? []);
  avg?.dispose();
  model.dispose();
  return { manifest, val, test };
}
