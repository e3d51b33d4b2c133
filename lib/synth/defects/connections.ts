import { sampleTex, textureBank } from '../textures';
import type { DefectCode } from '../../taxonomy/codes';
import type { Rng } from '../prng';
import type { Scene } from '../scene';
import type { Blob, WallPixel } from '../types';
import { mix, patch } from './decals';
import type { Built } from './structural';

/**
 * Lateral connections (GR, PH, PB, OS, OP, OK) share one geometry — an opening in the wall
 * looking into a dark lateral — and differ in how the opening was made, which is what the
 * classes encode: factory branch (clean socket rim), chiselled (jagged, broken ring),
 * drilled (perfect circle, bright cut face), reinstatement cut in a liner (ragged liner flap
 * partly covering the hole), transition profile (funnel/saddle rings), construction change
 * (foreign collar of mortar/other material with protruding lumps).
 */
type Style = 'GR' | 'PH' | 'PB' | 'OS' | 'OP' | 'OK';

function interior(p: WallPixel, rn: number, lit: number): void {
  // looking into the lateral: its near rim is lit by the lamp, its depth is black
  mix(p, [0.2, 0.18, 0.15], 0.6);
  p.shade *= 0.03 + lit * Math.max(0, rn - 0.55) * 1.6;
  p.spec = 0;
}

export function buildConnection(code: DefectCode, rng: Rng, s: Scene, z: number, sev: number): Built {
  const style = code as Style;
  const side = rng.pick([1, -1]);
  const th = rng.chance(0.2) ? Math.PI / 2 + rng.range(-0.3, 0.3) : side > 0 ? rng.range(-0.1, 1.1) : Math.PI - rng.range(-0.1, 1.1);
  const rh = rng.range(0.3, 0.55) * (0.8 + 0.4 * sev); // opening radius, radii
  const zc = z + rh * 0.5;
  const tb = textureBank();
  const blobs: Blob[] = [];
  const decals = [];
  const rimColor = rng.pick([[0.75, 0.45, 0.25], [0.6, 0.58, 0.55], [0.55, 0.35, 0.22]]);
  let variant: string = style;
  switch (style) {
    case 'GR': {
      variant = rng.pick(['socket', 'saddle-flush']);
      const rimW = variant === 'socket' ? 0.22 : 0.12;
      decals.push(
        patch(rng, th, zc, rh * (1 + rimW), rh * (1 + rimW), 0.02, (p, rn) => {
          if (rn < 1 / (1 + rimW)) interior(p, rn * (1 + rimW), 0.8);
          else if (rn < 1) {
            mix(p, rimColor, 0.85);
            p.shade *= 1.25;
          }
        }),
      );
      break;
    }
    case 'PH': {
      variant = rng.pick(['chiselled', 'broken-in']);
      decals.push(
        patch(rng, th, zc, rh * 1.6, rh * 1.6, 0.5, (p, rn, dt, dz) => {
          const g = sampleTex(tb.grain, dt * 4, dz * 4, p.fpz);
          if (rn < 0.55 + 0.15 * g) interior(p, rn / 0.62, 0.6);
          else if (rn < 1) {
            mix(p, [0.62, 0.58, 0.5], 0.7);
            p.shade *= 0.25 + 2 * g * g; // rough chipped zone: deep pits, bright broken faces
          }
        }),
      );
      break;
    }
    case 'PB': {
      variant = rng.pick(['drilled', 'core-drilled']);
      const cut = variant === 'core-drilled' ? 0.14 : 0.08;
      decals.push(
        patch(rng, th, zc, rh, rh, 0, (p, rn) => {
          if (rn < 1 - cut) interior(p, rn / (1 - cut), 0.3);
          else if (rn < 1) {
            mix(p, [0.8, 0.78, 0.74], 0.7);
            p.shade *= 1.5; // freshly cut face, bright
          }
        }),
      );
      break;
    }
    case 'OS': {
      variant = rng.pick(['undercut', 'ragged']);
      const flapDir = rng.range(-Math.PI, Math.PI);
      const cover = variant === 'undercut' ? rng.range(0.3, 0.6) : rng.range(0.05, 0.25);
      decals.push(
        patch(rng, th, zc, rh * 1.1, rh * 1.1, 0.25, (p, rn, dt, dz) => {
          if (rn > 1) return;
          const a = Math.atan2(dz, dt) - flapDir;
          const flap = Math.cos(a) * rn > 1 - cover * 2;
          if (!flap && rn < 0.85) interior(p, rn / 0.85, 0.5);
          else {
            mix(p, [0.88, 0.86, 0.8], 0.6); // cut liner edge / flap: pale, glossy
            p.shade *= flap ? 1.3 : 1.8;
            p.spec = 1;
          }
        }),
      );
      break;
    }
    case 'OP': {
      variant = rng.pick(['funnel', 'saddle']);
      const collar = variant === 'saddle' ? [0.55, 0.55, 0.58] : rimColor;
      decals.push(
        patch(rng, th, zc, rh * 1.9, rh * 1.9, 0.05, (p, rn) => {
          if (rn < 0.5) interior(p, rn / 0.5, 0.7);
          else if (rn < 1) {
            mix(p, collar, 0.75);
            const ring = Math.cos((rn - 0.5) * 2 * Math.PI * 3);
            p.shade *= 0.75 + 0.5 * (rn - 0.5) * 2 + 0.2 * ring; // stepped funnel, darker towards the hole
          }
        }),
      );
      break;
    }
    case 'OK': {
      variant = rng.pick(['mortar-collar', 'protruding']);
      decals.push(
        patch(rng, th, zc, rh * 1.9, rh * 1.9, 0.35, (p, rn, dt, dz) => {
          const g = sampleTex(tb.fine, dt * 3, dz * 3, p.fpz);
          if (rn < 0.5) interior(p, rn / 0.5, 0.5);
          else if (rn < 1) {
            mix(p, [0.72, 0.7, 0.66], 0.85); // grey mortar patch in a foreign material
            p.shade *= 0.7 + 0.8 * g;
          }
        }),
      );
      const k = variant === 'protruding' ? 10 : 5;
      for (let i = 0; i < k; i++) {
        const a = (i / k) * 2 * Math.PI;
        const aa = th + (Math.cos(a) * rh * 0.55);
        const r = rh * 0.14;
        const inset = variant === 'protruding' ? rh * 0.35 : r * 0.5;
        blobs.push({ cx: Math.cos(aa) * (1 - inset), cy: Math.sin(aa) * (1 - inset), cz: zc + Math.sin(a) * rh * 0.55, rx: r, ry: r, rz: r, color: variant === 'protruding' ? (rimColor as [number, number, number]) : [0.7, 0.68, 0.64], texture: variant === 'protruding' ? 'smooth' : 'rock', gloss: 0.3 });
      }
      break;
    }
  }
  return { variant, decals, blobs, theta: th };
}
