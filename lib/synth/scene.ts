import type { DefectCode } from '../taxonomy/codes';
import type { Rng } from './prng';
import { MATERIALS, type DefectInstance, type Material } from './types';
import { sampleLighting, type Lighting } from './lighting';
import { sampleOverlay, type OverlaySpec } from './overlay';
import { buildDefect } from './defects';

/** Sewer-ML water bins as fractions of the pipe diameter: <5 %, 5–15 %, 15–30 %, ≥30 %. */
export const WATER_BIN_RANGES: readonly [number, number][] = [
  [0, 0.045],
  [0.055, 0.145],
  [0.155, 0.29],
  [0.31, 0.5],
];

export interface Camera {
  ox: number;
  oy: number; // lens position in the cross-section, radii (0,0 = centred)
  yaw: number;
  pitch: number;
  roll: number; // small angles, radians
  focal: number; // in units of the image height (wide angle ≈ 0.3–0.45)
}

export interface Scene {
  width: number;
  height: number;
  aspect: number; // virtual display aspect (720x576 → 1.25) the image is squeezed from
  material: Material;
  base: [number, number, number];
  texRepU: number; // integer texture repeats around the circumference
  texScaleV: number; // texture tiles per radius along z
  texOffset: number;
  texContrast: number;
  stain: number;
  ringAmp: number; // circumferential banding (formwork marks, windings)
  grime: number; // dark sediment band at the invert
  radiusM: number;
  jointSpacing: number; // radii
  jointOffset: number; // radii
  jointWidth: number; // radii
  jointDepth: number; // 0..1 darkness of the gap
  jointsMovable: boolean;
  zOrigin: number; // camera's travelled distance in radii (video): world-fixed patterns use z + zOrigin // a still frame may move its joints so a joint defect sits on one
  camera: Camera;
  waterLevel: number; // fraction of diameter
  waterBin: number; // 0..3
  waterColor: [number, number, number];
  light: Lighting;
  defects: DefectInstance[];
  overlay: OverlaySpec;
  jpegQuality: number;
  noiseSeed: number;
}

const MATERIAL_WEIGHTS = [0.42, 0.16, 0.18, 0.08, 0.06, 0.1];

function materialLook(rng: Rng, m: Material): Pick<Scene, 'base' | 'texContrast' | 'stain' | 'jointSpacing' | 'jointWidth' | 'jointDepth'> {
  const j = (c: number, d = 0.06) => Math.min(1, Math.max(0, c + rng.range(-d, d)));
  switch (m) {
    case 'concrete': {
      const g = rng.range(0.42, 0.68);
      return { base: [j(g + 0.04), j(g), j(g - 0.1)], texContrast: rng.range(0.45, 0.95), stain: rng.range(0.3, 0.8), jointSpacing: rng.range(1, 2.5), jointWidth: rng.range(0.01, 0.03), jointDepth: rng.range(0.4, 0.9) };
    }
    case 'clay':
      return { base: [j(0.62), j(0.38), j(0.22)], texContrast: rng.range(0.2, 0.45), stain: rng.range(0.3, 0.65), jointSpacing: rng.range(1, 2), jointWidth: rng.range(0.015, 0.035), jointDepth: rng.range(0.5, 0.9) };
    case 'pvc': {
      const orange = rng.chance(0.7);
      return { base: orange ? [j(0.85), j(0.45), j(0.2)] : [j(0.6), j(0.6), j(0.62)], texContrast: rng.range(0.05, 0.15), stain: rng.range(0.1, 0.45), jointSpacing: rng.range(1.5, 2.5), jointWidth: rng.range(0.005, 0.015), jointDepth: rng.range(0.3, 0.7) };
    }
    case 'brick':
      return { base: [j(0.55), j(0.3), j(0.2)], texContrast: rng.range(0.3, 0.5), stain: rng.range(0.3, 0.6), jointSpacing: rng.range(1.5, 2.5), jointWidth: 0.004, jointDepth: 0.1 };
    case 'castiron':
      return { base: [j(0.35), j(0.22), j(0.15)], texContrast: rng.range(0.4, 0.8), stain: rng.range(0.3, 0.7), jointSpacing: rng.range(2, 2.5), jointWidth: rng.range(0.01, 0.02), jointDepth: rng.range(0.5, 0.9) };
    case 'liner': {
      const c = rng.pick<[number, number, number]>([[0.75, 0.75, 0.7], [0.55, 0.62, 0.5], [0.7, 0.6, 0.45]]);
      return { base: [j(c[0]), j(c[1]), j(c[2])], texContrast: rng.range(0.05, 0.15), stain: rng.range(0.1, 0.4), jointSpacing: 40, jointWidth: 0.004, jointDepth: 0 };
    }
  }
}

/** Sewage: murky brown/grey/green, never saturated. */
function waterColor(rng: Rng): [number, number, number] {
  const c = rng.pick<[number, number, number]>([[0.2, 0.17, 0.1], [0.15, 0.15, 0.12], [0.12, 0.14, 0.1], [0.22, 0.18, 0.12], [0.1, 0.1, 0.09]]);
  const k = rng.range(0.7, 1.3);
  return [c[0] * k, c[1] * k, c[2] * k];
}

export interface SceneOptions {
  width: number;
  height: number;
  aspect?: number;
  codes?: readonly DefectCode[];
  waterBin?: number;
  /** pre-chosen joint spacing/offset in metres (video keeps these fixed over a segment) */
  material?: Material;
  overlayText?: string[];
  jointsMovable?: boolean;
  /** Still frames: the range (pipe radii ahead of the camera) each defect's distance is drawn from. */
  defectZRange?: readonly [number, number];
}

/** Draw a complete random scene; `codes` are the defects to place (empty = normal frame). */
export function sampleScene(rng: Rng, opt: SceneOptions): Scene {
  // Reinstatement cuts (OS) only exist in relined pipes: mostly render them in a liner.
  const linerForOS = opt.codes?.includes('OS') && rng.chance(0.8);
  const material = opt.material ?? (linerForOS ? 'liner' : rng.weighted(MATERIALS, MATERIAL_WEIGHTS));
  const look = materialLook(rng, material);
  const radiusM = rng.pick([0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]);
  const waterBin = opt.waterBin ?? rng.weighted([0, 1, 2, 3], [0.45, 0.3, 0.17, 0.08]);
  const [wl, wh] = WATER_BIN_RANGES[waterBin];
  const camera: Camera = {
    ox: rng.normal() * 0.08,
    oy: rng.range(-0.25, 0.1) + (waterBin === 3 ? 0.15 : 0),
    yaw: rng.normal() * 0.06,
    pitch: rng.normal() * 0.05,
    roll: rng.normal() * 0.05,
    focal: rng.range(0.3, 0.5),
  };
  const scene: Scene = {
    width: opt.width,
    height: opt.height,
    aspect: opt.aspect ?? 1.25,
    material,
    ...look,
    texRepU: rng.int(1, 3),
    texScaleV: rng.range(0.1, 0.35),
    texOffset: rng.next() * 10,
    grime: rng.range(0, 0.8),
    ringAmp: rng.chance(0.6) ? rng.range(0.1, material === 'pvc' || material === 'liner' ? 0.25 : 0.6) : 0,
    radiusM,
    jointSpacing: look.jointSpacing / radiusM,
    jointOffset: rng.next() * (look.jointSpacing / radiusM),
    jointWidth: look.jointWidth / radiusM,
    jointsMovable: opt.jointsMovable ?? true,
    zOrigin: 0,
    camera,
    waterLevel: rng.range(wl, wh),
    waterBin,
    waterColor: waterColor(rng),
    light: sampleLighting(rng),
    defects: [],
    overlay: sampleOverlay(rng, opt.overlayText),
    jpegQuality: rng.int(55, 92),
    noiseSeed: rng.int(0, 2 ** 31 - 1),
  };
  const codes = opt.codes ?? [];
  scene.defects = codes.map((code, i) => buildDefect(rng.fork(i + 1), code, scene, undefined, undefined, opt.defectZRange));
  return scene;
}
