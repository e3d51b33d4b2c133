import { sampleTex, textureBank } from '../textures';
import type { Rng } from '../prng';
import type { Scene } from '../scene';
import type { Blob } from '../types';
import { mix, patch } from './decals';
import { jointNear, type Built } from './structural';

/** Height (y, radii) of the water surface; the invert is at y = -1. */
const waterY = (s: Scene) => -1 + 2 * s.waterLevel;

/** Point on the wall at angle th, pulled inward by `inset` radii. */
const wallPt = (th: number, inset: number) => [Math.cos(th) * (1 - inset), Math.sin(th) * (1 - inset)];

export function buildIS(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['sagging', 'partial', 'loop']);
  const zj = jointNear(s, z);
  const th = variant === 'sagging' ? Math.PI / 2 + rng.range(-0.5, 0.5) : rng.range(0, Math.PI);
  const span = variant === 'loop' ? rng.range(2.5, 4.5) : rng.range(0.8, 2.2);
  const drop = 0.08 + 0.22 * sev;
  const blobs: Blob[] = [];
  const n = Math.round(span * 18);
  const rubber: [number, number, number] = rng.chance(0.8) ? [0.07, 0.07, 0.07] : [0.35, 0.3, 0.25];
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    const a = th - span / 2 + u * span;
    const inset = drop * Math.sin(Math.PI * u) + 0.02;
    const [cx, cy] = wallPt(a, inset);
    blobs.push({ cx, cy, cz: zj, rx: 0.075, ry: 0.075, rz: 0.035, color: rubber, texture: 'smooth', gloss: 0.4 });
  }
  // the ring's exposed edge along the joint, where it has come out of the socket
  const band = patch(rng, th, zj, span / 2, 0.06, 0.1, (p, rn) => {
    if (rn < 1) {
      mix(p, rubber, 0.9);
      p.shade *= 0.7;
    }
  });
  return { variant, decals: [band], blobs, theta: th };
}

export function buildRO(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.weighted(['fine', 'tap', 'mass'], [0.35, 0.35, 0.3]);
  const zj = jointNear(s, z);
  const th = rng.chance(0.6) ? Math.PI / 2 + rng.range(-0.9, 0.9) : rng.range(-0.3, Math.PI + 0.3);
  const col: [number, number, number] = rng.pick([[0.62, 0.52, 0.36], [0.42, 0.3, 0.18], [0.72, 0.65, 0.5]]);
  const tb = textureBank();
  const decals = [];
  const blobs: Blob[] = [];
  const at = rng.range(0.8, 1.8);
  // Fibrous hair roots on the wall round the joint.
  decals.push(
    patch(rng, th, zj, at, 0.4 + 0.6 * sev, 0.5, (p, rn, dt, dz) => {
      if (rn > 1) return;
      const f = sampleTex(tb.streak, dt * 1.5 + dz * 0.7, dz * 0.2 + dt * 0.1, p.fpt);
      const m = Math.max(0, (f - 0.4) * 5) * (1 - rn * 0.5);
      mix(p, col, Math.min(1, m));
      p.shade *= 1 - 0.4 * Math.min(1, m) * (1 - f);
    }),
  );
  {
    const count = variant === 'mass' ? rng.int(3, 6) : variant === 'tap' ? rng.int(2, 5) : rng.int(4, 8);
    for (let i = 0; i < count; i++) {
      const a = th + rng.range(-at / 2, at / 2);
      const size = variant === 'mass' ? rng.range(0.25, 0.5) * (0.6 + sev) : variant === 'tap' ? rng.range(0.08, 0.18) : rng.range(0.03, 0.06);
      const [cx, cy] = wallPt(a, size * 0.6);
      // hanging strands: stretched towards the invert
      blobs.push({ cx, cy: cy - size * 0.5, cz: zj + rng.range(-0.1, 0.4), rx: size * rng.range(0.6, 1), ry: size * rng.range(1.2, 2), rz: size, color: col, texture: 'fibre', gloss: 0.05 });
    }
  }
  return { variant, decals, blobs, theta: th };
}

export function buildIN(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['weeping', 'dripping', 'running', 'gushing']);
  // stills often put the leak on a joint; videos keep it at its planned (labelled) position
  const zj = s.jointsMovable && rng.chance(0.7) ? jointNear(s, z) : z;
  const side = rng.pick([1, -1]);
  const th = side > 0 ? rng.range(0.2, 1.5) : Math.PI - rng.range(0.2, 1.5);
  const thWater = -Math.PI / 2 + side * (Math.acos(Math.min(1, Math.max(-1, 1 - 2 * s.waterLevel))) + 0.05);
  const wet = [0.18, 0.16, 0.13];
  const tb = textureBank();
  const decals = [];
  const blobs: Blob[] = [];
  const wide = variant === 'weeping' ? 0.2 + 0.25 * sev : 0.1 + 0.12 * sev;
  // Wet trail from the source down the wall (towards the invert): darker, glossy, glinting.
  const span = Math.abs(th - thWater);
  const mid = (th + thWater) / 2;
  const trail = variant === 'weeping' ? 0.4 : 1;
  decals.push(
    patch(rng, mid + (th - mid) * (1 - trail), zj + 0.05, span * trail / 2 + 0.05, wide, 0.3, (p, rn) => {
      if (rn > 1) return;
      mix(p, wet, 0.7);
      p.spec = 1;
      const g = sampleTex(tb.grain, p.theta * 3, p.z * 2, p.fpz);
      if (g > 0.6) p.emit += (g - 0.6) * 2.5 * (variant === 'weeping' ? 0.3 : 0.8);
    }),
  );
  if (variant === 'dripping' || variant === 'running' || variant === 'gushing') {
    const [sx, sy] = wallPt(th, 0.02);
    const n = variant === 'gushing' ? 1 : rng.int(2, 4);
    for (let i = 0; i < n; i++) {
      if (variant === 'gushing') {
        // a jet leaving the wall and falling towards the invert
        const len = 0.5 + 0.6 * sev;
        blobs.push({ cx: sx * (1 - len / 2), cy: (sy + waterY(s)) / 2, cz: zj, rx: 0.06 + 0.06 * sev, ry: Math.abs(sy - waterY(s)) / 2 + 0.05, rz: 0.06, color: [0.75, 0.78, 0.8], texture: 'water', gloss: 1 });
      } else {
        const fy = sy - rng.range(0.1, 0.7);
        blobs.push({ cx: sx * (fy < 0 ? 0.9 : 0.95), cy: fy, cz: zj + rng.range(-0.05, 0.05), rx: 0.012, ry: variant === 'running' ? 0.08 : 0.02, rz: 0.012, color: [0.8, 0.82, 0.85], texture: 'smooth', gloss: 1 });
      }
    }
  }
  return { variant, decals, blobs, theta: th };
}

export function buildAF(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['sand', 'gravel', 'silt']);
  const minH = 2 * s.waterLevel + 0.06;
  const height = Math.max(minH, 0.28 + 0.5 * sev);
  const color: [number, number, number] = variant === 'silt' ? [0.45, 0.38, 0.27] : variant === 'gravel' ? [0.6, 0.56, 0.5] : [0.72, 0.6, 0.42];
  const z0 = z - rng.range(0.3, 1.2);
  const z1 = z0 + rng.range(2, 8);
  const blobs: Blob[] = [];
  if (variant === 'gravel') {
    for (let i = 0; i < rng.int(4, 10); i++) {
      const r = rng.range(0.03, 0.07);
      blobs.push({ cx: rng.range(-0.5, 0.5) * height * 1.5, cy: -1 + height, cz: rng.range(z0 + 0.3, z1), rx: r, ry: r * 0.7, rz: r, color: [0.55, 0.52, 0.48], texture: 'rock', gloss: 0.1 });
    }
  }
  return { variant, decals: [], blobs, deposit: { z0, z1, height, color } };
}

export function buildBE(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['encrustation', 'grease', 'fouling']);
  const thW = -Math.PI / 2 + Math.acos(Math.min(1, Math.max(-1, 1 - 2 * s.waterLevel)));
  const th = variant === 'grease' ? rng.pick([thW + 0.05, -Math.PI - thW - 0.05]) : variant === 'fouling' ? rng.pick([thW + 0.2, -Math.PI - thW - 0.2]) : rng.range(-0.3, Math.PI + 0.3);
  const tb = textureBank();
  const col = variant === 'grease' ? [0.85, 0.8, 0.58] : variant === 'fouling' ? [0.3, 0.28, 0.14] : [0.8, 0.78, 0.72];
  const decals = [];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const at = (variant === 'grease' ? rng.range(0.2, 0.4) : rng.range(0.35, 0.7)) * (0.6 + sev);
    decals.push(
      patch(rng.fork(i), th + rng.range(-0.3, 0.3), z + rng.range(0, 2), at, at * rng.range(1.5, 4), 0.6, (p, rn, dt, dz) => {
        if (rn > 1) return;
        const g = sampleTex(tb.fine, dt * 2 + i, dz, p.fpz);
        mix(p, col, Math.min(1, 0.6 + g * 0.5));
        p.shade *= variant === 'grease' ? 1.2 + 0.3 * g : variant === 'fouling' ? 0.4 + 1.6 * g : 0.5 + 1.0 * g;
        if (variant !== 'encrustation') p.spec = 1;
      }),
    );
  }
  return { variant, decals, blobs: [], theta: th };
}

export function buildFO(rng: Rng, s: Scene, z: number, sev: number): Built {
  const variant = rng.pick(['stones', 'brick', 'debris', 'wood']);
  const yw = waterY(s);
  const blobs: Blob[] = [];
  const n = variant === 'stones' || variant === 'debris' ? rng.int(1, 4) : 1;
  for (let i = 0; i < n; i++) {
    const r = rng.range(0.15, 0.3) * (0.7 + sev);
    const cz = z + rng.range(0, 1.2) * (i > 0 ? 1 : 0.2); // offsets only: a video shifts z rigidly
    const cx = rng.range(-0.35, 0.35);
    const floorY = -Math.sqrt(Math.max(0, 1 - cx * cx));
    const ry = variant === 'wood' ? r * 0.5 : r * rng.range(0.6, 1);
    const cy = Math.max(floorY + ry * 0.7, yw + ry * 0.3); // sits on the invert, or floats/protrudes above water
    const color: [number, number, number] =
      variant === 'brick' ? [0.6, 0.3, 0.2] : variant === 'wood' ? [0.45, 0.32, 0.2] : variant === 'debris' ? rng.pick([[0.85, 0.82, 0.72], [0.75, 0.65, 0.45], [0.5, 0.55, 0.6]]) : [0.55, 0.53, 0.5];
    blobs.push({
      cx,
      cy,
      cz,
      rx: variant === 'wood' ? r * 2.2 : r * rng.range(0.8, 1.4),
      ry,
      rz: variant === 'brick' ? r * 1.6 : r,
      color,
      texture: variant === 'wood' ? 'wood' : 'rock',
      gloss: variant === 'debris' ? 0.3 : 0.1,
    });
  }
  return { variant, decals: [], blobs };
}
