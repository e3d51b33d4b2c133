import type { Scene } from './scene';
import { renderScene, type FrameInfo } from './render';

/**
 * Is a placed defect visible in the finished frame? Sewer-ML's annotators labelled what a frame
 * shows; a generator that labels a defect the lamp never reaches, the haze washes out or another
 * object hides teaches the classifier to guess. The test renders the frame once more without the
 * defect and counts the pixels that change, on the grid the classifier sees.
 */

/**
 * Side of the square grid differences are measured on: the classifier's input size when the rule was made
 * (1.7.0). It stays 112 for the 144-pixel input of 1.8.0 and later — it defines what the labels (and so every
 * held-out set) call visible, and changing it would make the sets incomparable across models.
 */
export const VISIBILITY_GRID = 112;
/** A grid pixel counts as changed when a channel moves by at least this much (of 255). */
export const VISIBLE_DELTA = 16;
/** A defect is labelled only when at least this many grid pixels change (of 112² = 12544). */
export const VISIBLE_MIN_PIXELS = 24;

/** Area-averages an RGB image to grid×grid (per channel), for comparing two renders of one scene. */
export function downsampleRgb(rgb: Uint8Array, w: number, h: number, grid = VISIBILITY_GRID): Float32Array {
  const out = new Float32Array(grid * grid * 3);
  const cnt = new Float32Array(grid * grid);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(grid - 1, Math.floor((y * grid) / h));
    for (let x = 0; x < w; x++) {
      const g = gy * grid + Math.min(grid - 1, Math.floor((x * grid) / w));
      const i = (y * w + x) * 3;
      out[g * 3] += rgb[i];
      out[g * 3 + 1] += rgb[i + 1];
      out[g * 3 + 2] += rgb[i + 2];
      cnt[g]++;
    }
  }
  for (let g = 0; g < cnt.length; g++) {
    const k = cnt[g] > 0 ? 1 / cnt[g] : 0;
    out[g * 3] *= k;
    out[g * 3 + 1] *= k;
    out[g * 3 + 2] *= k;
  }
  return out;
}

/** Grid pixels where some channel differs by at least `delta`. */
export function changedPixels(a: Float32Array, b: Float32Array, delta = VISIBLE_DELTA): number {
  let n = 0;
  for (let g = 0; g < a.length; g += 3) {
    if (Math.abs(a[g] - b[g]) >= delta || Math.abs(a[g + 1] - b[g + 1]) >= delta || Math.abs(a[g + 2] - b[g + 2]) >= delta) n++;
  }
  return n;
}

/**
 * For each of the scene's defects, the grid pixels that change when it is removed from the frame
 * (everything else — noise, overlay, the other defects — rendered identically).
 */
export function defectFootprints(scene: Scene, info: FrameInfo, rgb: Uint8Array): number[] {
  if (scene.defects.length === 0) return [];
  const full = downsampleRgb(rgb, scene.width, scene.height);
  const all = scene.defects;
  try {
    return all.map((_, k) => {
      // Swapped in place rather than spread into a copy: the renderer stays monomorphic on Scene.
      scene.defects = all.filter((__, j) => j !== k);
      return changedPixels(full, downsampleRgb(renderScene(scene, info), scene.width, scene.height));
    });
  } finally {
    scene.defects = all;
  }
}
