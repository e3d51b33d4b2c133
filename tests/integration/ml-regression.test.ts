import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

/**
 * Regression guard for the shipped model: freshly generated held-out synthetic images (a seed no
 * training run uses) must keep F2-CIW ≥ FLOOR through the real CLIs (`synth dataset`, `eval`).
 * FLOOR guards the model we ship against regressions: 1.10.0 measured 0.791 on the 600 held-out images and 0.796
 * on these 300, with visible-only labels (docs/synth.md; 1.9.0: 0.796 / 0.805; 1.8.0: 0.789 / 0.805; 1.7.0: 0.770 /
 * 0.791; 1.6.0: 0.737 / 0.749). Only a defect the frame visibly shows is labelled; counting every placed one, 1.10.0
 * measures 0.744 on the 600 (1.9.0: 0.749, 1.8.0: 0.745, 1.7.0: 0.719).
 * The product target (0.85 here, 0.90 in the issue) is NOT met yet — raise the floor with every better model.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const MODEL = path.resolve(ROOT, process.env.SEWER_REGRESSION_MODEL ?? 'models/sewer-mobilenet');
const HELD_OUT_SEED = 990001;
const FLOOR = 0.78;
const COUNT = Number(process.env.SEWER_REGRESSION_COUNT ?? 300);
const hasModel = existsSync(path.join(MODEL, 'manifest.json'));

function sewer(args: string[]) {
  return run(process.execPath, ['--import', 'tsx', 'lib/cli/main.ts', ...args], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SEWER_TF_BACKEND: process.env.SEWER_TF_BACKEND ?? 'wasm' },
  });
}

/**
 * Same rendering recipe as the training data (size, class balance, normal fraction, format) when the
 * manifest records its `synth dataset` command, so only the seed (and count) differ.
 */
function recipeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(MODEL, 'manifest.json'), 'utf8'));
  const recipe = String(manifest.training?.dataRecipe ?? '');
  const flags: string[] = [];
  for (const name of ['size', 'balance', 'normal-frac', 'format', 'labels']) {
    const m = new RegExp(`--${name}[ =]([^\\s]+)`).exec(recipe);
    if (m) flags.push(`--${name}`, m[1]);
  }
  return flags;
}

let tmp: string | undefined;
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('shipped model regression guard', () => {
  if (!hasModel) console.warn(`[ml-regression] SKIPPED: ${MODEL}/manifest.json does not exist yet (no shipped model to guard)`);

  it.skipIf(!hasModel)('held-out seed was never a training seed', () => {
    const manifest = JSON.parse(readFileSync(path.join(MODEL, 'manifest.json'), 'utf8'));
    const seeds = JSON.stringify(manifest.training ?? {});
    expect(manifest.training?.seed).not.toBe(HELD_OUT_SEED);
    expect(seeds).not.toContain(String(HELD_OUT_SEED));
  });

  it.skipIf(!hasModel)(`F2-CIW ≥ ${FLOOR} on ${COUNT} fresh held-out images (seed ${HELD_OUT_SEED})`, async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sewer-regress-'));
    const data = path.join(tmp, 'heldout');
    await sewer(['synth', 'dataset', '--out', data, '--count', String(COUNT), '--seed', String(HELD_OUT_SEED), ...recipeFlags()]);
    const out = path.join(tmp, 'eval.json');
    const { stdout } = await sewer(['eval', '--data', data, '--json', out, '--model', MODEL, '--errors']);
    const res = JSON.parse(await readFile(out, 'utf8'));
    console.log(stdout);
    expect(res.n).toBe(COUNT);
    expect(res.f2_ciw).toBeGreaterThanOrEqual(FLOOR);
    // --errors: the codes' lost points (perfect codes are not listed) add up to what F2-CIW lost (each printed to
    // 0.1); the generated set's meta.jsonl names what the false alarms sat on.
    const lost = [...stdout.matchAll(/^ {2}([A-Z]{2}) +(\d+\.\d) +tp \d+ fp \d+ fn \d+$/gm)];
    expect(lost.every((m) => DEFECT_CODES.includes(m[1] as never))).toBe(true);
    expect(lost.map((m) => m[1])).toContain('RB');
    expect(Math.abs(lost.reduce((sum, m) => sum + Number(m[2]), 0) - 100 * (1 - res.f2_ciw))).toBeLessThan(1);
    expect(stdout).toMatch(/false alarms on: [A-Z]{2}:[\w-]+ \d+/);
  }, 900_000);
});
