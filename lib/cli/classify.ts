import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCli } from './args';
import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';
import { loadClassifier } from '../ml/classifier';
import { loadImagesForModel, normalizersFor } from '../ml/preprocess';

/**
 * `sewer classify IMG... --json OUT.json [--model DIR]`: scores still images with the shipped model,
 * preprocessed exactly as the video pipeline does (lighting normalizer at source size, area resize).
 * JSON: { model: {name, version}, images: [ { file, scores: {CODE: p}, codes: [CODE...], normal } ] }.
 */
const USAGE = 'usage: sewer classify IMG... --json OUT.json [--model DIR]';

export interface ClassifyResult {
  model: { name: string; version: string };
  images: { file: string; scores: Record<DefectCode, number>; codes: DefectCode[]; normal: boolean }[];
}

export async function classifyFiles(files: string[], modelDir?: string): Promise<ClassifyResult> {
  const clf = await loadClassifier(modelDir);
  const normalizers = normalizersFor(clf.manifest.normalization);
  try {
    const images: ClassifyResult['images'] = [];
    // Small groups keep memory flat for long file lists (decoded frames can be large).
    for (let start = 0; start < files.length; start += 32) {
      const group = files.slice(start, start + 32);
      const inputs = await loadImagesForModel(group, clf.inputSize, normalizers);
      const scores = await clf.predict(inputs);
      group.forEach((file, i) => {
        const s = scores[i];
        const codes = DEFECT_CODES.filter((_, c) => s[c] >= clf.thresholdList[c]);
        images.push({
          file,
          scores: Object.fromEntries(DEFECT_CODES.map((code, c) => [code, Math.round(s[c] * 1e6) / 1e6])) as Record<DefectCode, number>,
          codes,
          normal: codes.length === 0,
        });
      });
    }
    return { model: { name: clf.name, version: clf.version }, images };
  } finally {
    await normalizers?.dispose();
    clf.dispose();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    { json: { type: 'string' }, model: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    true,
  );
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const result = await classifyFiles(positionals, values.model);
  for (const im of result.images) {
    const top = DEFECT_CODES.map((c) => [c, im.scores[c]] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([c, p]) => `${c} ${p.toFixed(2)}`)
      .join(', ');
    console.log(`${im.file}: ${im.normal ? 'normal' : im.codes.join(',')}   (top: ${top})`);
  }
  if (values.json) {
    await mkdir(path.dirname(path.resolve(values.json)), { recursive: true });
    await writeFile(values.json, JSON.stringify(result, null, 2) + '\n');
    console.log(`wrote ${values.json}`);
  }
  return 0;
}
