import type { CV } from './opencv';

/**
 * OpenCV's own 8-bit RGB→Lab and Lab→RGB conversions, tabulated for every one of the 2²⁴
 * inputs, so a frame converts by table lookup instead of cvtColor. Both conversions are
 * per-pixel functions, so a lookup gives exactly cvtColor's bytes (the normalizer tests check
 * it against cvtColor), at a quarter of the cost in wasm (no SIMD in this OpenCV build):
 * ~10 ms of the ~20 ms a 640×360 frame's normalization took went into the two conversions.
 *
 * Cost: 2 × 48 MiB of JS memory per process, built once (~1 s) on first use. The tables are
 * built through a 1 Mi-pixel scratch Mat, so the wasm heap (which never shrinks) grows by 6 MiB,
 * not by the tables' size.
 */
export interface LabTables {
  /** [(r<<16 | g<<8 | b) · 3 + k] = L, a, b of that RGB colour, exactly as cvtColor(RGB2Lab) gives them. */
  rgbToLab: Uint8Array;
  /** [(L<<16 | a<<8 | b) · 3 + k] = R, G, B, exactly as cvtColor(Lab2RGB) gives them. */
  labToRgb: Uint8Array;
}

const N = 1 << 24;
const CHUNK = 1 << 20;

let tables: LabTables | undefined;

/** Every 24-bit triple in index order, through `code`, into a fresh table. */
function tabulate(cv: CV, code: number): Uint8Array {
  const out = new Uint8Array(N * 3);
  const src = new cv.Mat(1024, 1024, cv.CV_8UC3);
  const dst = new cv.Mat(1024, 1024, cv.CV_8UC3);
  try {
    const s = src.data;
    for (let base = 0; base < N; base += CHUNK) {
      for (let i = 0; i < CHUNK; i++) {
        const v = base + i;
        s[i * 3] = v >>> 16;
        s[i * 3 + 1] = (v >>> 8) & 255;
        s[i * 3 + 2] = v & 255;
      }
      cv.cvtColor(src, dst, code);
      out.set(dst.data, base * 3);
    }
  } finally {
    src.delete();
    dst.delete();
  }
  return out;
}

export function labTables(cv: CV): LabTables {
  tables ??= { rgbToLab: tabulate(cv, cv.COLOR_RGB2Lab), labToRgb: tabulate(cv, cv.COLOR_Lab2RGB) };
  return tables;
}
