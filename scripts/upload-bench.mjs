#!/usr/bin/env node
/**
 * Upload a file to a running dashboard through the tus endpoint, the way the browser widget
 * does, and report throughput. Usage: node scripts/upload-bench.mjs FILE SEGMENT_ID [BASE_URL]
 * Optional: --interrupt-at 0.5 aborts at that fraction and resumes (checks resumability).
 * Signs in first (scripts/sign-in.mjs: SEWER_USER_EMAIL / SEWER_USER_PASSWORD of an inspector or admin).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { signIn } from './sign-in.mjs';

const [file, segmentId, base = 'http://127.0.0.1:3000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const interruptAt = Number((process.argv.find((a) => a.startsWith('--interrupt-at=')) ?? '').split('=')[1] ?? NaN);
if (!file || !segmentId) {
  console.error('usage: node scripts/upload-bench.mjs FILE SEGMENT_ID [BASE_URL] [--interrupt-at=0.5]');
  process.exit(2);
}
const { cookie } = await signIn(base);
const size = fs.statSync(file).size;
const t0 = performance.now();

function upload(resumeUrl) {
  return new Promise((resolve, reject) => {
    let interrupted = false;
    const up = new tus.Upload(fs.createReadStream(file), {
      endpoint: `${base}/api/uploads`,
      uploadUrl: resumeUrl,
      uploadSize: size,
      chunkSize: 64 * 1024 * 1024,
      headers: { cookie },
      metadata: { filename: path.basename(file), segmentId },
      onProgress: (sent) => {
        if (!interrupted && !resumeUrl && sent / size >= interruptAt) {
          interrupted = true;
          up.abort().then(() => resolve({ interrupted: up.url }));
        }
      },
      onError: reject,
      onSuccess: ({ lastResponse }) => resolve({ body: lastResponse.getBody() }),
    });
    up.start();
  });
}

let r = await upload(undefined);
if (r.interrupted) {
  console.log(`interrupted at ≥ ${(interruptAt * 100).toFixed(0)} %, resuming ${r.interrupted}`);
  r = await upload(r.interrupted);
}
const s = (performance.now() - t0) / 1000;
console.log(`uploaded ${(size / 2 ** 20).toFixed(0)} MiB in ${s.toFixed(1)} s (${(size / 2 ** 20 / s).toFixed(0)} MiB/s): ${r.body}`);
