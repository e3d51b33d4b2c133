import type { DefectCode } from '../taxonomy/codes';
import { strongLighting } from './lighting';
import { createRng, hash32 } from './prng';
import { renderScene } from './render';
import { sampleScene, type Scene } from './scene';
import { sampleCodes, type Balance } from './sampling';
import { defectFootprints, VISIBLE_MIN_PIXELS } from './visibility';

export interface StillOptions {
  width?: number;
  height?: number;
  normalFrac?: number;
  balance?: Balance;
  codes?: readonly DefectCode[]; // force these codes (otherwise sampled)
  /** Weight multipliers for sampled codes (sampling.ts); absent = every code as the balance says. */
  emphasis?: Partial<Record<DefectCode, number>>;
  waterBin?: number;
  renderScale?: number;
  /** 'strong': re-light the very same scenes harshly (robustness test); default: the normal lighting mix. */
  lighting?: 'normal' | 'strong';
  /** Radii ahead of the camera each defect is placed at (default STILL_Z_RANGE, 0.75–2). */
  zRange?: readonly [number, number];
  /**
   * 'visible' (default): label only the defects that visibly change the frame at the classifier's
   * input size (lib/synth/visibility.ts), as an annotator labels what a frame shows;
   * 'placed': label every defect placed in the scene, seen or not.
   */
  labels?: 'visible' | 'placed';
}

export interface RenderedFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  scene: Scene;
  codes: DefectCode[]; // the labels
  /** Per placed defect (scene.defects order): grid pixels it changes; empty when labels are 'placed'. */
  footprints: number[];
  distanceM: number;
  tS: number;
}

/** One labelled still frame, fully determined by (seed, index). */
export function renderFrame(seed: number, index: number, opt: StillOptions = {}): RenderedFrame {
  const width = opt.width ?? 256;
  const height = opt.height ?? 256;
  const rng = createRng(hash32(seed, index));
  const codes = opt.codes ? [...opt.codes] : sampleCodes(rng.fork(1), opt.normalFrac ?? 0.4, opt.balance ?? 'balanced', opt.emphasis);
  const scene = sampleScene(rng.fork(2), { width, height, codes, waterBin: opt.waterBin, defectZRange: opt.zRange });
  const r2 = rng.fork(3);
  const distanceM = r2.range(0, 150);
  const tS = r2.range(0, 3600);
  // After every other draw: fork() advances the parent stream, and nothing else may change.
  if (opt.lighting === 'strong') scene.light = strongLighting(scene.light, rng.fork(4));
  const info = { distanceM, tS, renderScale: opt.renderScale };
  const rgb = renderScene(scene, info);
  if (opt.labels === 'placed') return { rgb, width, height, scene, codes, footprints: [], distanceM, tS };
  const footprints = defectFootprints(scene, info, rgb);
  const visible = codes.filter((_, k) => footprints[k] >= VISIBLE_MIN_PIXELS);
  return { rgb, width, height, scene, codes: visible, footprints, distanceM, tS };
}
