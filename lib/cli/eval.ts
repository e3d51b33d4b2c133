import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCli } from './args';
import { DEFECT_CLASSES, DEFECT_CODES } from '../taxonomy/codes';
import { loadClassifier, scorePackedImages } from '../ml/classifier';
import { loadSewerMlDataset } from '../ml/dataset';
import { binarize, computeMetrics, confusedPairs, flattenScores, type ClassMetrics, type EvalMetrics } from '../ml/metrics';
import { loadImagesForModel, normalizersFor } from '../ml/preprocess';
import { parseRealDevTsv, scoreRealDev, type RealDevReport } from '../ml/real-dev';
import { analyzeErrors, parsePlacedDefects, type CodeErrors, type PlacedDefectsRow } from '../ml/error-analysis';

/**
 * `sewer eval --data DIR --json OUT.json [--model DIR] [--no-normalize] [--limit N] [--labels CSV] [--errors]`
 *   scores a Sewer-ML-format set (DIR/labels.csv, or --labels e.g. the real SewerML_Val.csv) with Sewer-ML's metrics;
 *   --errors adds where the F2-CIW is lost (lib/ml/error-analysis.ts).
 * `sewer eval --real-dev DIR [--json OUT.json] [--model DIR]`
 *   scores the partly-labelled real frames (DIR/labels.tsv), each on the classes its label covers.
 */
const USAGE = `usage: sewer eval --data DIR --json OUT.json [--model DIR] [--no-normalize] [--limit N] [--labels CSV] [--errors]
       sewer eval --real-dev DIR [--json OUT.json] [--model DIR]
  --errors: per code, the points of F2-CIW it loses, and (generated sets: DIR/meta.jsonl) what its false alarms
            sat on and which variants it missed`;

const pct = (v: number) => (100 * v).toFixed(1).padStart(6);
const round = (v: number) => Math.round(v * 1e4) / 1e4;

function publicClass(m: ClassMetrics) {
  return { precision: round(m.precision), recall: round(m.recall), f1: round(m.f1), f2: round(m.f2), support: m.support, tp: m.tp, fp: m.fp, fn: m.fn };
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, JSON.stringify(value, null, 2) + '\n');
}

function printTable(m: EvalMetrics, thresholds: number[]): void {
  console.log(`code  ${'name'.padEnd(38)} support    prec  recall      F1      F2  thresh    FP    FN`);
  DEFECT_CLASSES.forEach((cls, c) => {
    const k = m.classes[cls.code];
    console.log(
      `${cls.code.padEnd(4)}  ${cls.name.padEnd(38)} ${String(k.support).padStart(7)} ${pct(k.precision)}  ${pct(k.recall)}  ${pct(k.f1)}  ${pct(k.f2)}  ${thresholds[c].toFixed(3)} ${String(k.fp).padStart(5)} ${String(k.fn).padStart(5)}`,
    );
  });
  const nm = m.normal;
  console.log(`${'--'.padEnd(4)}  ${'normal (no code)'.padEnd(38)} ${String(nm.support).padStart(7)} ${pct(nm.precision)}  ${pct(nm.recall)}  ${pct(nm.f1)}  ${pct(nm.f2)}      — ${String(nm.fp).padStart(5)} ${String(nm.fn).padStart(5)}`);
  console.log(`\nF2-CIW    ${pct(m.f2_ciw)} %   (Sewer-ML class-importance-weighted F2, ${m.n} images)`);
  console.log(`F1-Normal ${pct(m.f1_normal)} %`);
}

function printErrors(rows: CodeErrors[], withMeta: boolean, top = 6): void {
  const list = (xs: [string, number][]) => xs.slice(0, top).map(([k, n]) => `${k} ${n}`).join(', ') || '—';
  console.log(`\nF2-CIW lost per code (points of 100), largest first${withMeta ? '; false alarms sat on / missed variants (meta.jsonl)' : ''}:`);
  for (const r of rows) {
    if (r.lostPoints < 0.05 && !r.fp && !r.fn) continue;
    console.log(`  ${r.code.padEnd(4)} ${r.lostPoints.toFixed(1).padStart(5)}  tp ${r.tp} fp ${r.fp} fn ${r.fn}`);
    if (withMeta && r.fp) console.log(`        false alarms on: ${list(r.falseAlarmSources)}`);
    if (withMeta && r.fn) console.log(`        missed: ${list(r.missedVariants)}`);
  }
}

async function readPlacedDefects(dir: string): Promise<PlacedDefectsRow[]> {
  const file = path.join(dir, 'meta.jsonl');
  try {
    return parsePlacedDefects(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function evalData(dir: string, opts: { json?: string; model?: string; normalize?: boolean; limit?: number; labels?: string; errors?: boolean }): Promise<number> {
  const clf = await loadClassifier(opts.model);
  try {
    const normalize = opts.normalize ?? clf.manifest.normalization !== null;
    const t0 = Date.now();
    const ds = await loadSewerMlDataset(dir, {
      inputSize: clf.inputSize,
      normalize,
      normalization: clf.manifest.normalization ?? undefined,
      limit: opts.limit,
      labelsFile: opts.labels,
    });
    const t1 = Date.now();
    const scores = await scorePackedImages(clf, ds.images, ds.n);
    const t2 = Date.now();
    const pred = binarize(scores, clf.thresholdList);
    const m = computeMetrics(pred, ds.labels);
    const pairs = confusedPairs(pred, ds.labels);
    console.log(`model ${clf.name} ${clf.version} (${clf.backend}), data ${dir}, ${ds.n} images, normalize=${normalize}`);
    console.log(`load+preprocess ${((t1 - t0) / 1000).toFixed(1)} s, inference ${((t2 - t1) / 1000).toFixed(1)} s (${(ds.n / Math.max(1e-3, (t2 - t1) / 1000)).toFixed(0)} img/s)\n`);
    printTable(m, clf.thresholdList);
    const fp = DEFECT_CODES.reduce((s, c) => s + m.classes[c].fp, 0);
    const fn = DEFECT_CODES.reduce((s, c) => s + m.classes[c].fn, 0);
    console.log(`\nconfusion: ${fp} false alarms and ${fn} misses over all classes; most confused (truth → predicted):`);
    for (const p of pairs.slice(0, 8)) console.log(`  ${p.truth.padEnd(6)} → ${p.predicted.padEnd(6)} ${p.count}`);
    if (opts.errors) {
      const meta = await readPlacedDefects(dir);
      printErrors(analyzeErrors(pred, ds.labels, ds.files, meta), meta.length > 0);
    }
    if (opts.json) {
      await writeJson(opts.json, {
        f2_ciw: round(m.f2_ciw),
        f1_normal: round(m.f1_normal),
        classes: Object.fromEntries(DEFECT_CODES.map((c) => [c, publicClass(m.classes[c])])),
        normal: publicClass(m.normal),
        model: { name: clf.name, version: clf.version, backend: clf.backend },
        n: ds.n,
        data: dir,
        normalize,
        thresholds: Object.fromEntries(DEFECT_CODES.map((c, i) => [c, clf.thresholdList[i]])),
        confused_pairs: pairs.slice(0, 20),
      });
      console.log(`\nwrote ${opts.json}`);
    }
  } finally {
    clf.dispose();
  }
  return 0;
}

function printRealDev(r: RealDevReport): void {
  console.log(`\n${'file'.padEnd(36)} ${'truth'.padEnd(8)} ${'known'.padEnd(6)} ${'predicted'.padEnd(14)} top scores`);
  for (const im of r.images) {
    const top = im.top.map((t) => `${t.code} ${t.score.toFixed(2)}`).join(', ');
    console.log(`${path.basename(im.file).padEnd(36)} ${(im.truth.join(',') || '-').padEnd(8)} ${im.known.padEnd(6)} ${(im.predicted.join(',') || '-').padEnd(14)} ${top}`);
  }
  const d = r.defect_vs_normal;
  console.log(`\ndefect vs normal on ${d.n} fully-labelled images: precision ${pct(d.precision)} %, recall ${pct(d.recall)} %, F1 ${pct(d.f1)} %  (tp ${d.tp}, fp ${d.fp}, fn ${d.fn}, tn ${d.tn})`);
  console.log('per class (only images whose label covers the class):');
  for (const [code, k] of Object.entries(r.classes)) {
    if (k.support === 0 && k.fp === 0) continue;
    // Recall is undefined without positives, precision without predictions: show a dash, not 0 %.
    const recall = k.support > 0 ? `${pct(k.recall)} %` : '     — ';
    const precision = k.tp + k.fp > 0 ? `${pct(k.precision)} %` : '     — ';
    console.log(`  ${code.padEnd(4)} scored on ${String(k.scored).padStart(3)}  support ${String(k.support).padStart(3)}  recall ${recall}  precision ${precision}  (fp ${k.fp})`);
  }
}

async function evalRealDev(dir: string, opts: { json?: string; model?: string; normalize?: boolean }): Promise<number> {
  const tsv = path.join(dir, 'labels.tsv');
  const rows = parseRealDevTsv(await readFile(tsv, 'utf8'), tsv);
  const clf = await loadClassifier(opts.model);
  const normalizers = normalizersFor(opts.normalize === false ? null : clf.manifest.normalization);
  try {
    // Read in place from the shared folder: real-dev images are never copied into the repo.
    const inputs = await loadImagesForModel(rows.map((r) => path.join(dir, r.file)), clf.inputSize, normalizers);
    const scores = flattenScores(await clf.predict(inputs));
    const report = scoreRealDev(rows, binarize(scores, clf.thresholdList), scores);
    console.log(`model ${clf.name} ${clf.version} (${clf.backend}), real-dev ${dir}, ${rows.length} images`);
    printRealDev(report);
    if (opts.json) {
      await writeJson(opts.json, { model: { name: clf.name, version: clf.version }, source: dir, ...report });
      console.log(`\nwrote ${opts.json}`);
    }
  } finally {
    await normalizers?.dispose();
    clf.dispose();
  }
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    data: { type: 'string' },
    'real-dev': { type: 'string' },
    json: { type: 'string' },
    model: { type: 'string' },
    'no-normalize': { type: 'boolean', default: false },
    limit: { type: 'string' },
    labels: { type: 'string' },
    errors: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  // undefined = follow the model's manifest (a model trained with --no-normalize records normalization: null).
  const normalize = values['no-normalize'] ? false : undefined;
  const limit = values.limit !== undefined ? Number(values.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) throw new Error(`--limit must be a positive integer, got "${values.limit}"`);
  if (values.data && values['real-dev']) throw new Error(`give --data or --real-dev, not both\n${USAGE}`);
  if (values.data) return evalData(values.data, { json: values.json, model: values.model, normalize, limit, labels: values.labels, errors: values.errors });
  if (values['real-dev']) return evalRealDev(values['real-dev'], { json: values.json, model: values.model, normalize });
  console.error(USAGE);
  return 2;
}
