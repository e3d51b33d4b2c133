#!/usr/bin/env node
/**
 * `npm start`: build the dashboard when the sources changed since the last build,
 * then serve it. On the embedded default (no DATABASE_URL) the same process opens
 * PGlite under SEWER_DATA_DIR and runs the worker (see instrumentation.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const stampFile = path.join(root, '.next', 'sewer-build-stamp');
const inputs = ['app', 'lib', 'workers', 'public', 'instrumentation.ts', 'next.config.js', 'postcss.config.mjs', 'package-lock.json'];

function walk(p, h) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e), h);
  } else {
    h.update(`${path.relative(root, p)}:${st.size}:${st.mtimeMs}\n`);
  }
}

function sourceStamp() {
  const h = crypto.createHash('sha256');
  for (const i of inputs) walk(path.join(root, i), h);
  return h.digest('hex');
}

const stamp = sourceStamp();
const built = fs.existsSync(path.join(root, '.next', 'BUILD_ID')) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp;
if (!built || process.env.SEWER_REBUILD === '1') {
  console.log('[start] building the dashboard (first start or sources changed)…');
  const r = spawnSync(process.execPath, [nextBin, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(stampFile, stamp);
}

const port = process.env.PORT ?? '3000';
const child = spawn(process.execPath, [nextBin, 'start', '-p', port, ...(process.env.HOSTNAME ? ['-H', process.env.HOSTNAME] : [])], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
