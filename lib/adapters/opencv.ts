import { createRequire } from 'node:module';

/**
 * Loads OpenCV's WebAssembly build (@techstark/opencv-js 4.12) once per process.
 *
 * The Emscripten module object is *thenable* (it has a `then` method that resolves with
 * itself). Returning it from an async function or resolving a promise with it makes the
 * promise machinery call `then` forever, so it is always wrapped: `{ cv }`.
 * Loading takes ~1 s (10 MB of JS+wasm); later calls share the same instance.
 */

export type CV = typeof import('@techstark/opencv-js');

interface Thenable {
  then(cb: () => void): void;
}

let loading: Promise<{ cv: CV }> | undefined;

export function loadOpenCv(): Promise<{ cv: CV }> {
  loading ??= new Promise<{ cv: CV }>((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      const mod = require('@techstark/opencv-js') as CV & Partial<Thenable>;
      const ready = () => resolve({ cv: mod });
      if (typeof mod.then === 'function') mod.then(ready);
      else ready();
    } catch (err) {
      loading = undefined;
      reject(err);
    }
  });
  return loading;
}

/** Bytes the wasm heap currently spans. It only grows, so a leak shows up as growth over many frames. */
export function wasmHeapBytes(cv: CV): number {
  return (cv as unknown as { HEAPU8: Uint8Array }).HEAPU8.length;
}
