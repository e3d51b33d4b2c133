import type { DefectCode } from '../taxonomy/codes';
import { strongLighting } from './lighting';
import { createRng, hash32 } from './prng';
import { renderScene } from './render';
import { sampleScene, type Scene } from './scene';
import { sampleCodes, type Balance } from './sampling';

export interface StillOptions {
  width?: number;
  height?: number;
  normalFrac?: number;
  balance?: Balance;
  codes?: readonly DefectCode[]; // force these codes (otherwise sampled)
  waterBin?: number;
  renderScale?: number;
  /** 'strong': re-light the very same scenes harshly (robustness test); default: the normal lighting mix. */
  lighting?: 'normal' | 'strong';
  /** Radii ahead of the camera each defect is placed at (default STILL_Z_RANGE, 0.75–2). */
  zRange?: readonly [number, number];
}

export interface RenderedFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
  scene: Scene;
  codes: DefectCode[];
  distanceM: number;
  tS: number;
}

/** One labelled still frame, fully determined by (seed, index). */
export function renderFrame(seed: number, index: number, opt: StillOptions = {}): RenderedFrame {
  const width = opt.width ?? 256;
  const height = opt.height ?? 256;
  const rng = createRng(hash32(seed, index));
  const codes = opt.codes ? [...opt.codes] : sampleCodes(rng.fork(1), opt.normalFrac ?? 0.4, opt.balance ?? 'balanced');
  const scene = sampleScene(rng.fork(2), { width, height, codes, waterBin: opt.waterBin, defectZRange: opt.zRange });
  const r2 = rng.fork(3);
  const distanceM = r2.range(0, 150);
  const tS = r2.range(0, 3600);
  // After every other draw: fork() advances the parent stream, and nothing else may change.
  if (opt.lighting === 'strong') scene.light = strongLighting(scene.light, rng.fork(4));
  return { rgb: renderScene(scene, { distanceM, tS, renderScale: opt.renderScale }), width, height, scene, codes, distanceM, tS };
}
