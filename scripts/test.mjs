#!/usr/bin/env node
/**
 * `npm test`: the whole suite — vitest (unit + integration on PGlite and, when reachable
 * or in CI, the real PostgreSQL) and then Playwright end-to-end in Debian's Chromium.
 * Prints one closing line "N passed, N failed" over every runner.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
env.TEST_DATABASE_URL ??= env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
// The app under test must run on its embedded default unless told otherwise.
delete env.DATABASE_URL;

const results = [];
function run(name, cmd, args, reportFile) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  let passed = 0;
  let failed = 0;
  try {
    const rep = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
    if (name === 'vitest') {
      passed = rep.numPassedTests;
      failed = rep.numFailedTests;
    } else {
      passed = rep.stats.expected + (rep.stats.flaky ?? 0);
      failed = rep.stats.unexpected;
    }
  } catch {
    failed = Math.max(failed, 1);
  }
  if (r.status !== 0 && failed === 0) failed = 1;
  results.push({ name, passed, failed, status: r.status });
}

const outDir = path.join(root, 'test-results');
fs.mkdirSync(outDir, { recursive: true });
const only = process.argv[2];
if (!only || only === 'vitest') {
  const f = path.join(outDir, 'vitest.json');
  run('vitest', process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${f}`], f);
}
if (!only || only === 'e2e') {
  const f = path.join(outDir, 'playwright.json');
  env.PLAYWRIGHT_JSON_OUTPUT_NAME = f;
  run('playwright', process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'], f);
}

const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
console.log('\n' + results.map((r) => `${r.name}: ${r.passed} passed, ${r.failed} failed`).join('\n'));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.some((r) => r.status !== 0) ? 1 : 0);
