import type { DefectCode } from '../taxonomy/codes';

/** Units: lengths in pipe radii (R = 1) unless a name ends in M (metres). Angles in radians, 0 = right wall, +π/2 = crown. */
export type Material = 'concrete' | 'clay' | 'pvc' | 'brick' | 'castiron' | 'liner';
export const MATERIALS: readonly Material[] = ['concrete', 'clay', 'pvc', 'brick', 'castiron', 'liner'];

/** Mutable per-pixel wall sample that wall-space defects paint into (reused; no allocation per pixel). */
export interface WallPixel {
  theta: number; // [-π, π]
  z: number; // distance ahead of the camera along the axis, radii
  fpz: number; // pixel footprint along z, radii
  fpt: number; // pixel footprint around the wall, radians
  r: number;
  g: number;
  b: number; // albedo 0..1
  shade: number; // multiplicative light factor (cavities, shadows)
  spec: number; // wetness / gloss 0..1
  emit: number; // added light independent of the lamp (e.g. glints), 0..1
  light: number; // lamp irradiance at this point, written by the renderer
  dist2: number; // squared lamp distance, set by the renderer before shading
  cosInc: number; // lamp incidence cosine, set by the renderer before shading
  grimeTheta: number; // half-width of the wetted band (per scene)
}

export interface WallDecal {
  z0: number;
  z1: number; // the decal only touches pixels with z0 <= z <= z1 (cheap rejection)
  apply(p: WallPixel): void;
}

/** Ellipsoid blob in pipe space: obstacles, root masses, water jets, debris. */
export interface Blob {
  cx: number;
  cy: number;
  cz: number;
  rx: number;
  ry: number;
  rz: number;
  color: [number, number, number];
  texture: 'rock' | 'fibre' | 'water' | 'wood' | 'smooth';
  gloss: number;
}

export interface FloorDeposit {
  z0: number;
  z1: number;
  height: number; // above the invert, radii (0..2)
  color: [number, number, number];
}

/** Geometry changes: ovalisation / local deformation and a displaced (stepped) section after a joint. */
export interface Deformation {
  theta0: number;
  amount: number; // radial inward displacement at the peak, radii
  width: number; // angular half-width, radians
  z0: number;
  z1: number; // ramps in over z0..z0+1 and stays to z1
  oval: number; // global ovalisation (x stretched by 1+oval, y by 1-oval) within the range
}

export interface Step {
  zj: number; // joint position, radii
  dx: number;
  dy: number; // offset of the far section's centre, radii
  gap: number; // open-joint gap width along z, radii
  angular: number; // extra gap varying with angle (angular displacement)
}

export interface DefectInstance {
  code: DefectCode;
  variant: string;
  severity: number; // 0..1
  z: number; // nominal position ahead, radii
  theta: number;
  decals: WallDecal[];
  blobs: Blob[];
  deposit?: FloorDeposit;
  deform?: Deformation;
  step?: Step;
}
