import { sampleTex, textureBank } from '../textures';
import type { Rng } from '../prng';
import type { Scene } from '../scene';
import type { DefectInstance, WallDecal, WallPixel } from '../types';
import { circCrack, longCrack, mix, patch } from './decals';

export type Built = Omit<DefectInstance, 'code' | 'z' | 'theta' | 'severity'> & { theta?: number };

/**
 * Joint position (radii) for a joint defect wanted near z, so it sits on a real joint ring.
 * Still frames (scene.jointsMovable) shift the joint pattern so a joint lies exactly at z (joints
 * are 2–25 radii apart, so the nearest one may be out of view); videos keep the segment's joints.
 */
export function jointNear(s: Scene, z: number): number {
  if (s.jointsMovable) {
    s.jointOffset = ((z % s.jointSpacing) + s.jointSpacing) % s.jointSpacing;
    s.jointsMovable = false;
    return z;
  }
  const k = Math.round((z - s.jointOffset) / s.jointSpacing);
  return s.jointOffset + k * s.jointSpacing;
}

export function buildRB(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.weighted(['longitudinal', 'circumferential', 'multiple', 'break', 'collapse'], [0.3, 0.2, 0.25, 0.17, 0.08]);
  const w = 0.045 + sev * 0.06;
  const th = rng.range(-Math.PI, Math.PI);
  const decals: WallDecal[] = [];
  const blobs: Built['blobs'] = [];
  let deform: Built['deform'];
  if (variant === 'longitudinal' || variant === 'multiple') {
    const n = variant === 'multiple' ? rng.int(3, 6) : rng.int(1, 2);
    for (let i = 0; i < n; i++) {
      const len = rng.range(1, 3);
      const z0 = z + rng.range(-0.4, 0.2);
      decals.push(longCrack(rng.fork(i), th + rng.range(-0.6, 0.6) * (variant === 'multiple' ? 1.5 : 0.3), z0, z0 + len, w, rng.range(0.05, 0.25)));
    }
  }
  if (variant === 'circumferential' || variant === 'multiple') {
    const n = variant === 'multiple' ? rng.int(2, 4) : 1;
    for (let i = 0; i < n; i++) {
      const span = rng.range(1, 3.5);
      decals.push(circCrack(rng.fork(10 + i), z + rng.range(0, 0.8), th - span / 2, th + span / 2, w, rng.range(0.12, 0.3)));
    }
  }
  if (variant === 'break' || variant === 'collapse') {
    const at = variant === 'collapse' ? rng.range(0.8, 1.5) : rng.range(0.35, 0.7) * (0.6 + sev);
    const az = at * rng.range(0.7, 1.4);
    const soil = [rng.range(0.3, 0.45), rng.range(0.22, 0.32), rng.range(0.12, 0.2)];
    const ht = variant === 'collapse' ? Math.PI / 2 + rng.range(-0.5, 0.5) : th;
    decals.push(
      patch(rng, ht, z + 0.5, at, az, 0.45, (p, rn) => {
        if (rn < 1) {
          mix(p, soil, 0.8);
          p.shade *= 0.25 + 0.5 * rn; // hole into the surrounding soil: dark, lit at the rim
        } else if (rn < 1.15) p.shade *= 1.4; // broken edge catches the lamp
      }),
    );
    for (let i = 0; i < 4; i++) {
      const a = rng.range(0, 2 * Math.PI);
      const cz = z + 0.5 + Math.sin(a) * az;
      decals.push(circCrack(rng.fork(20 + i), cz, ht + Math.cos(a) * at - 0.3, ht + Math.cos(a) * at + 0.3, w, 0.2));
    }
    if (variant === 'collapse') {
      deform = { theta0: ht, amount: rng.range(0.2, 0.45), width: rng.range(0.6, 1.1), z0: z - 0.3, z1: z + 2, oval: 0 };
      for (let i = 0; i < rng.int(2, 5); i++) {
        const r = rng.range(0.08, 0.2);
        blobs.push({ cx: rng.range(-0.4, 0.4), cy: -1 + r * 0.6 + 2 * s.waterLevel, cz: z + rng.range(0.5, 2.5), rx: r, ry: r * 0.7, rz: r, color: [0.45, 0.4, 0.33], texture: 'rock', gloss: 0.1 });
      }
    }
  }
  return { variant, decals, blobs, deform };
}

export function buildOB(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['aggregate', 'corrosion', 'spalling']);
  const tb = textureBank();
  const th = variant === 'corrosion' ? rng.pick([Math.PI / 2, -Math.PI / 2 + Math.acos(1 - 2 * s.waterLevel) + 0.2]) : rng.range(-Math.PI, Math.PI);
  const at = variant === 'corrosion' ? rng.range(0.8, 1.6) : rng.range(0.5, 1.1) * (0.6 + sev);
  const az = variant === 'corrosion' ? rng.range(1.5, 3) : at * rng.range(0.8, 1.6);
  const light = [0.7, 0.68, 0.6];
  const decal = patch(rng, th, z + az * 0.4, at, az, 0.4, (p, rn, dt, dz) => {
    if (rn > 1) return;
    const g = sampleTex(tb.grain, dt * 3, dz * 2, p.fpz);
    const f = sampleTex(tb.fine, dt * 2, dz, p.fpz);
    if (variant === 'aggregate') {
      // exposed stones: bright pebbles in a darker pitted matrix
      if (g > 0.52) mix(p, light, 0.9);
      else p.shade *= 0.25 + 0.5 * f;
    } else if (variant === 'corrosion') {
      mix(p, [0.7, 0.68, 0.6], 0.8 * (1 - rn * 0.5));
      p.shade *= 0.3 + 1.4 * g;
    } else {
      p.shade *= rn > 0.85 ? 1.7 : 0.35 + 0.6 * g;
    }
  });
  return { variant, decals: [decal], blobs: [], theta: th };
}

export function buildPF(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['wrinkles', 'bulge', 'seam']);
  const th = rng.range(-0.3, Math.PI + 0.3); // upper half: production flaws under the water line are not seen
  const decals: WallDecal[] = [];
  if (variant === 'wrinkles') {
    const freq = rng.range(10, 22);
    const at = rng.range(0.7, 1.6);
    decals.push(
      patch(rng, th, z + 0.8, at, rng.range(0.8, 1.6), 0.2, (p, rn, dt) => {
        if (rn < 1) p.shade *= Math.max(0.1, 1 + (0.8 + sev * 0.5) * Math.sin(dt * freq) * Math.min(1, (1 - rn) * 3));
      }),
    );
  } else if (variant === 'bulge') {
    const at = rng.range(0.45, 0.8);
    decals.push(
      patch(rng, th, z + 0.5, at, at * 1.5, 0.15, (p, rn, dt) => {
        if (rn < 1) p.shade *= Math.max(0.15, 1 + (0.8 + sev) * (1 - rn) * Math.sign(dt + at * 0.3));
      }),
    );
  } else {
    const w = 0.1 + 0.08 * sev;
    const d = longCrack(rng, th, z - 0.3, z + rng.range(1.5, 3), w, 0.05);
    decals.push({ z0: d.z0, z1: d.z1, apply: (p: WallPixel) => { const before = p.shade; d.apply(p); p.shade = before * (1 + 1.2 * (1 - p.shade / before)); } });
  }
  return { variant, decals, blobs: [], theta: th };
}

export function buildDE(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['oval', 'local']);
  const z0 = z - 0.6;
  if (variant === 'oval') {
    const o = (0.12 + 0.18 * sev) * rng.pick([1, -1]);
    return { variant, decals: [], blobs: [], deform: { theta0: 0, amount: 0, width: 1, z0, z1: z0 + rng.range(6, 14), oval: o } };
  }
  const th = rng.pick([Math.PI / 2, Math.PI / 2 + rng.range(-0.8, 0.8), rng.range(-Math.PI, Math.PI)]);
  return { variant, decals: [], blobs: [], theta: th, deform: { theta0: th, amount: 0.25 + 0.3 * sev, width: rng.range(0.8, 1.5), z0, z1: z0 + rng.range(4, 12), oval: 0 } };
}

export function buildFS(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['offset', 'open', 'angular']);
  const zj = jointNear(s, z);
  const dir = rng.range(-Math.PI, Math.PI);
  const mag = variant === 'open' ? rng.range(0, 0.03) : 0.05 + 0.13 * sev;
  const gap = variant === 'offset' ? rng.range(0.02, 0.05) : 0.06 + 0.14 * sev;
  const angular = variant === 'angular' ? gap * 1.5 : 0;
  const soil = [0.25, 0.18, 0.1];
  const decal = {
    z0: zj - gap * 2 - angular - 0.02,
    z1: zj + 0.02,
    apply(p: WallPixel) {
      const gw = gap + angular * (0.5 + 0.5 * Math.cos(p.theta - dir));
      const d = zj - p.z;
      if (d >= 0 && d < gw) {
        mix(p, soil, 0.7);
        p.shade *= 0.15 + 0.5 * (d / gw); // deep gap, its far edge in shadow
      }
    },
  };
  return { variant, decals: [decal], blobs: [], theta: dir, step: { zj, dx: Math.cos(dir) * mag, dy: Math.sin(dir) * mag, gap, angular } };
}
