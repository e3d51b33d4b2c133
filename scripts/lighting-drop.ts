/**
 * Where the strong-lighting drop comes from. Takes pairs of generated sets that hold the SAME scenes under
 * standard and strong lighting (`synth dataset --seed S` and `synth dataset --seed S --lighting strong`), scores both
 * with a model (its manifest's thresholds and normalization, as `eval` does) and splits the pairs by how the strong
 * render was lit (from each set's meta.jsonl): exposure under / over, gamma low / high, colour cast, shadow and
 * vignette strength. Each row prints F2-CIW / F1-Normal of that subset under both renders and the drop; each render is
 * scored against its own visible labels (a defect lost in a shadow is unlabelled there), as `eval` scores it.
 *   npx tsx scripts/lighting-drop.ts --pairs H:Hs,H2:H2s [--model models/sewer-mobilenet]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { initTf } from '../lib/adapters/tf-backend';
import { parseCli } from '../lib/cli/args';
import { loadClassifier, scorePackedImages } from '../lib/ml/classifier';
import { loadSewerMlDataset } from '../lib/ml/dataset';
import { metricsFromScores, type EvalMetrics } from '../lib/ml/metrics';
import { DEFECT_CODES } from '../lib/taxonomy/codes';

const { values } = parseCli(process.argv.slice(2), { pairs: { type: 'string' }, model: { type: 'string' } });
if (!values.pairs) throw new Error('usage: lighting-drop --pairs STD_DIR:STRONG_DIR[,…] [--model DIR]');
const K = DEFECT_CODES.length;

interface Lit { exposure: number; gamma: number; cast: number[]; shadowAmp: number; vignette: number }
interface Pair { std: Float32Array; strong: Float32Array; stdLabels: Uint8Array; strongLabels: Uint8Array; base: Lit; lit: Lit }

await initTf();
const clf = await loadClassifier(values.model);

/** Each still's lighting from DIR/meta.jsonl (what `synth dataset` writes), in the order of `files`. */
async function lighting(dir: string, files: readonly string[]): Promise<Lit[]> {
  const text = await readFile(path.join(dir, 'meta.jsonl'), 'utf8');
  const byFile = new Map<string, Lit>();
  for (const line of text.trim().split('\n')) {
    const m = JSON.parse(line) as { file: string; lighting: Lit };
    byFile.set(path.basename(m.file), m.lighting);
  }
  return files.map((f) => {
    const lit = byFile.get(path.basename(f));
    if (!lit) throw new Error(`${dir}/meta.jsonl has no lighting for ${f}`);
    return lit;
  });
}

const pairs: Pair[] = [];
for (const spec of values.pairs.split(',')) {
  const [stdDir, strongDir] = spec.split(':');
  if (!strongDir) throw new Error(`--pairs: "${spec}" is not STD_DIR:STRONG_DIR`);
  const opts = { inputSize: clf.inputSize, normalize: clf.manifest.normalization !== null, normalization: clf.manifest.normalization ?? undefined, progress: null };
  const a = await loadSewerMlDataset(stdDir, opts);
  const b = await loadSewerMlDataset(strongDir, opts);
  if (a.n !== b.n || a.files.some((f, i) => f !== b.files[i])) throw new Error(`${stdDir} and ${strongDir} do not hold the same stills`);
  const [sa, sb, la, lb] = [await scorePackedImages(clf, a.images, a.n), await scorePackedImages(clf, b.images, b.n), await lighting(stdDir, a.files), await lighting(strongDir, b.files)];
  for (let i = 0; i < a.n; i++) {
    const r = (x: Float32Array | Uint8Array) => x.subarray(i * K, (i + 1) * K);
    pairs.push({ std: r(sa) as Float32Array, strong: r(sb) as Float32Array, stdLabels: r(a.labels) as Uint8Array, strongLabels: r(b.labels) as Uint8Array, base: la[i], lit: lb[i] });
  }
}

function metrics(sub: Pair[], which: 'std' | 'strong'): EvalMetrics {
  const s = new Float32Array(sub.length * K);
  const l = new Uint8Array(sub.length * K);
  sub.forEach((p, i) => (s.set(p[which], i * K), l.set(which === 'std' ? p.stdLabels : p.strongLabels, i * K)));
  return metricsFromScores(s, l, clf.thresholdList);
}

const pct = (v: number) => (100 * v).toFixed(1);
function row(name: string, sub: Pair[]): void {
  if (!sub.length) return;
  const [a, b] = [metrics(sub, 'std'), metrics(sub, 'strong')];
  console.log(`${name.padEnd(30)} ${String(sub.length).padStart(5)}   ${pct(a.f2_ciw).padStart(5)} / ${pct(a.f1_normal).padStart(5)}   ${pct(b.f2_ciw).padStart(5)} / ${pct(b.f1_normal).padStart(5)}   ${pct(a.f2_ciw - b.f2_ciw).padStart(5)}`);
}

const under = (p: Pair) => p.lit.exposure < p.base.exposure;
const lowGamma = (p: Pair) => p.lit.gamma < 1;
console.log(`model ${clf.name}@${clf.version}; F2-CIW / F1-Normal %, standard render, strong render, F2-CIW drop (points)`);
console.log(`${'strong render lit by'.padEnd(30)} ${'n'.padStart(5)}   ${'standard'.padEnd(13)}   ${'strong'.padEnd(13)}   drop`);
row('all', pairs);
row('exposure under (×0.3–0.5)', pairs.filter(under));
row('exposure over (×2–3)', pairs.filter((p) => !under(p)));
row('gamma low (0.7–0.8)', pairs.filter(lowGamma));
row('gamma high (1.25–1.4)', pairs.filter((p) => !lowGamma(p)));
for (const u of [true, false]) for (const g of [true, false]) {
  row(`  ${u ? 'under' : 'over'}, gamma ${g ? 'low' : 'high'}`, pairs.filter((p) => under(p) === u && lowGamma(p) === g));
}
for (const c of [...new Set(pairs.map((p) => p.lit.cast.join(',')))].sort()) row(`cast ${c}`, pairs.filter((p) => p.lit.cast.join(',') === c));
row('shadow ≥ 0.75', pairs.filter((p) => p.lit.shadowAmp >= 0.75));
row('shadow < 0.75', pairs.filter((p) => p.lit.shadowAmp < 0.75));
row('vignette ≥ 0.7', pairs.filter((p) => p.lit.vignette >= 0.7));
row('vignette < 0.7', pairs.filter((p) => p.lit.vignette < 0.7));
const [a, b] = [metrics(pairs, 'std'), metrics(pairs, 'strong')];
console.log(`per code F2 %, standard → strong: ${DEFECT_CODES.map((c) => `${c} ${pct(a.classes[c].f2)}→${pct(b.classes[c].f2)}`).join(', ')}`);
