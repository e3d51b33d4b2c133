import type { DefectCode } from '../../taxonomy/codes';
import type { Rng } from '../prng';
import type { Scene } from '../scene';
import type { DefectInstance } from '../types';
import { buildDE, buildFS, buildOB, buildPF, buildRB, type Built } from './structural';
import { buildAF, buildBE, buildFO, buildIN, buildIS, buildRO } from './om';
import { buildConnection } from './connections';

type Builder = (rng: Rng, s: Scene, z: number, sev: number) => Built;

const BUILDERS: Record<DefectCode, Builder> = {
  RB: buildRB,
  OB: buildOB,
  PF: buildPF,
  DE: buildDE,
  FS: buildFS,
  IS: buildIS,
  RO: buildRO,
  IN: buildIN,
  AF: buildAF,
  BE: buildBE,
  FO: buildFO,
  GR: (r, s, z, v) => buildConnection('GR', r, s, z, v),
  PH: (r, s, z, v) => buildConnection('PH', r, s, z, v),
  PB: (r, s, z, v) => buildConnection('PB', r, s, z, v),
  OS: (r, s, z, v) => buildConnection('OS', r, s, z, v),
  OP: (r, s, z, v) => buildConnection('OP', r, s, z, v),
  OK: (r, s, z, v) => buildConnection('OK', r, s, z, v),
};

/**
 * A still frame's default viewing range (radii ahead of the camera): 0.75–2 radii, close enough to
 * be clearly visible, as Sewer-ML frames are framed; nearer than ~0.6 radii the wall leaves a
 * wide-angle frame. A video shows each defect from 6 radii down to 0.6 (VIEW_FAR_R, VIEW_NEAR_R).
 */
export const STILL_Z_RANGE: readonly [number, number] = [0.75, 2];

/** Builds one defect; `z` (radii ahead of the camera) is drawn from `zRange` when not given. */
export function buildDefect(rng: Rng, code: DefectCode, scene: Scene, z?: number, severity?: number, zRange = STILL_Z_RANGE): DefectInstance {
  const zz = z ?? rng.range(zRange[0], zRange[1]);
  // Stills: severities an annotator would label from one frame (Sewer-ML labels what is
  // visible); below ~0.35 many classes are invisible at the model's 96–128 px input.
  const sev = severity ?? rng.range(0.35, 1);
  const b = BUILDERS[code](rng, scene, zz, sev);
  // One fixed object shape for every class (absent parts explicit): keeps the renderer's
  // property accesses monomorphic, so V8 does not deoptimise it scene after scene.
  return { code, severity: sev, z: zz, theta: b.theta ?? 0, variant: b.variant, decals: b.decals, blobs: b.blobs, deposit: b.deposit, deform: b.deform, step: b.step };
}
