import fs from 'node:fs';
import path from 'node:path';
import type { Classifier } from '../../ml/classifier';

/**
 * The model the pipeline uses, loaded once per process and reused by every chunk.
 * Inspections pin `name@version` when probed; a chunk refuses to run with another
 * version so one inspection never mixes scores from two models.
 */
const KEY = Symbol.for('sewer.activeModel');
type Holder = { [KEY]?: { dir: string; p: Promise<Classifier> } };

export class ModelUnavailableError extends Error {}

export function modelId(m: { name: string; version: string }): string {
  return `${m.name}@${m.version}`;
}

/** Cheap read of the manifest's identity, used to pin the model without loading weights. */
export function readModelId(dir: string): string {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new ModelUnavailableError(`No model is installed at ${dir} (manifest.json missing). Train one with \`npm run sewer -- train\` or set SEWER_MODEL.`);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; version: string };
  return modelId(m);
}

export async function activeClassifier(dir: string): Promise<Classifier> {
  const g = globalThis as Holder;
  const cur = g[KEY];
  if (cur && cur.dir === dir) {
    const c = await cur.p;
    // A newer model was installed on disk: load it for the next inspection.
    if (readModelId(dir) === modelId(c)) return c;
    c.dispose();
  }
  readModelId(dir);
  const { loadClassifier } = await import('../../ml/classifier');
  const p = loadClassifier(dir);
  g[KEY] = { dir, p };
  p.catch(() => {
    if (g[KEY]?.p === p) delete g[KEY];
  });
  return p;
}
