import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tfjs from '@tensorflow/tfjs';
import { config } from '../config';

/**
 * The one place that decides which TF.js backend runs the CNN.
 * Order: tfjs-node-gpu → tfjs-node → wasm (with our training kernels) → cpu.
 * tfjs-node(-gpu) are optional dependencies that usually fail to install offline,
 * so they are imported dynamically and their absence is not an error.
 */
export type TfBackendName = 'tensorflow-gpu' | 'tensorflow' | 'wasm' | 'cpu';
export type Tf = typeof import('@tensorflow/tfjs');

export class TfBackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TfBackendError';
  }
}

const ORDER: TfBackendName[] = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
let ready: Promise<{ tf: Tf; backend: string }> | undefined;
let readyFor: string | undefined;

/**
 * Folder holding the .wasm binaries, resolved from the installed package (no CDN).
 * A bundled build (no node_modules) looks next to the bundle instead.
 */
export function wasmBinaryDir(): string {
  // Inside Next's server bundle import.meta.url points at the source file and resolution from
  // it can fail, so the app's root (cwd) is tried too before looking next to the bundle.
  for (const base of [import.meta.url, path.join(process.cwd(), 'package.json')]) {
    try {
      const main = createRequire(base).resolve('@tensorflow/tfjs-backend-wasm'); // …/dist/tf-backend-wasm.node.js
      return path.dirname(main) + path.sep;
    } catch {
      // try the next base
    }
  }
  return path.dirname(fileURLToPath(import.meta.url)) + path.sep;
}

async function tryNode(gpu: boolean): Promise<boolean> {
  try {
    // Specifier in a variable so bundlers/tsc do not require the optional package to exist.
    const spec = gpu ? '@tensorflow/tfjs-node-gpu' : '@tensorflow/tfjs-node';
    await import(/* @vite-ignore */ spec);
    return await tfjs.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(wasmBinaryDir());
    const { registerWasmTrainingKernels } = await import('../ml/kernels');
    registerWasmTrainingKernels();
    return await tfjs.setBackend('wasm');
  } catch (err) {
    if (process.env.SEWER_DEBUG) console.error('[tf] wasm backend failed:', err);
    return false;
  }
}

async function tryBackend(name: TfBackendName): Promise<boolean> {
  switch (name) {
    case 'tensorflow-gpu':
      return tryNode(true);
    case 'tensorflow':
      return tryNode(false);
    case 'wasm':
      return tryWasm();
    case 'cpu':
      return tfjs.setBackend('cpu');
  }
}

async function init(prefer?: TfBackendName): Promise<{ tf: Tf; backend: string }> {
  const first = prefer ?? config().ml.backend;
  // An explicit choice is tried first; the rest of the order is the fallback.
  const order = first ? [first, ...ORDER.filter((b) => b !== first)] : ORDER;
  for (const name of order) {
    if (await tryBackend(name)) {
      await tfjs.ready();
      const backend = tfjs.getBackend();
      if (first && name !== first) console.error(`[tf] backend ${first} unavailable, fell back to ${backend}`);
      console.error(`[tf] backend: ${backend}`);
      return { tf: tfjs, backend };
    }
  }
  throw new TfBackendError('no TF.js backend could be initialised');
}

/**
 * Initialise TF.js once per process (later calls return the same backend).
 * `prefer` (or SEWER_TF_BACKEND) picks the first backend to try.
 */
export function initTf(prefer?: TfBackendName): Promise<{ tf: Tf; backend: string }> {
  const key = prefer ?? '';
  if (!ready || (prefer && readyFor !== key)) {
    readyFor = key;
    ready = init(prefer);
  }
  return ready;
}
