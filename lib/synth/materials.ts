import { hash32 } from './prng';
import { TEX_IO, texIO, textureBank } from './textures';
import type { Scene } from './scene';
import type { WallPixel } from './types';

const TWO_PI = 2 * Math.PI;

/** Angular half-width (radians from the invert) of the wetted band, for the grime stain. */
export function grimeHalfWidth(s: Scene): number {
  return Math.acos(Math.min(1, Math.max(-1, 1 - 2 * s.waterLevel))) + 0.35;
}

/** Base wall appearance at (theta, z): material texture, joints, flow grime at the invert. */
export function paintWall(s: Scene, p: WallPixel): void {
  const wlTheta = p.grimeTheta;
  const tb = textureBank();
  const u = (p.theta / TWO_PI) * s.texRepU;
  const v = p.z * s.texScaleV + s.texOffset;
  // geometric mean of the two footprints: a grazing wall keeps its detail around the pipe (max() blurred it into radial fur)
  const fp = Math.sqrt(p.fpz * s.texScaleV * ((p.fpt / TWO_PI) * s.texRepU));
  TEX_IO[0] = u * 3;
  TEX_IO[1] = v * 3;
  TEX_IO[2] = fp * 3;
  texIO(tb.fine);
  const fine = TEX_IO[3];
  TEX_IO[0] = u;
  TEX_IO[1] = v * 0.5;
  TEX_IO[2] = fp;
  texIO(tb.coarse);
  const coarse = TEX_IO[3];
  TEX_IO[0] = u;
  TEX_IO[1] = v * 0.25;
  TEX_IO[2] = fp * 0.25;
  texIO(tb.rings);
  const ring = TEX_IO[3];
  let k = 1 + s.texContrast * (fine - 0.5) * 1.8 + s.stain * (coarse - 0.5) * 1.6 + s.ringAmp * (ring - 0.5) * 2;
  let r = s.base[0];
  let g = s.base[1];
  let b = s.base[2];
  p.spec = s.material === 'pvc' || s.material === 'clay' || s.material === 'liner' ? 0.7 : 0.3;
  switch (s.material) {
    case 'concrete': {
      TEX_IO[0] = u * 6;
      TEX_IO[1] = v * 6;
      TEX_IO[2] = fp * 6;
      texIO(tb.grain);
      const grain = TEX_IO[3];
      k += (grain - 0.5) * 0.5 * s.texContrast;
      break;
    }
    case 'castiron': {
      const rust = coarse * 0.6 + fine * 0.4;
      if (rust > 0.55) {
        const m = Math.min(1, (rust - 0.55) * 8);
        r += m * 0.3;
        g += m * 0.08;
        k *= 1 + m * 0.3;
      }
      break;
    }
    case 'brick': {
      const arc = p.theta; // radii of arc length, R = 1
      const ch = 0.075 / s.radiusM;
      const bl = 0.24 / s.radiusM;
      const course = Math.floor(arc / ch);
      const zz = p.z + s.zOrigin + (course & 1 ? bl / 2 : 0);
      const col = Math.floor(zz / bl);
      const fa = arc / ch - course;
      const fz = zz / bl - col;
      const mortarW = 0.1;
      const m = Math.min(fa, 1 - fa) < mortarW / 2 || Math.min(fz, 1 - fz) < (mortarW * ch) / bl / 2;
      if (m && p.fpt < ch * 0.6) {
        r = 0.55;
        g = 0.52;
        b = 0.45;
      } else {
        const h = hash32(course, col) / 4294967296;
        k *= 0.8 + 0.4 * h;
      }
      break;
    }
    default: {
      // smooth materials still carry speckled dirt
      TEX_IO[0] = u * 6;
      TEX_IO[1] = v * 6;
      TEX_IO[2] = fp * 6;
      texIO(tb.grain);
      k += (TEX_IO[3] - 0.5) * 0.25 * s.stain;
      break;
    }
  }
  // Flow grime: dark sediment stain along the invert, streaked along the pipe.
  if (s.grime > 0) {
    const dInv = Math.abs(p.theta + Math.PI / 2);
    if (dInv < wlTheta + 0.4) {
      TEX_IO[0] = u * 4;
      TEX_IO[1] = v * 0.5;
      TEX_IO[2] = fp;
      texIO(tb.streak);
      const st = TEX_IO[3];
      const m = s.grime * Math.min(1, (wlTheta + 0.4 - dInv) * 2.5) * (0.5 + st);
      k *= 1 - 0.55 * Math.min(1, m);
      b *= 1 - 0.3 * Math.min(1, m);
    }
  }
  // Joints: a dark gap with a bright lip on its near side, faded by the pixel footprint (anti-aliasing).
  if (s.jointDepth > 0) {
    const zr = p.z - s.jointOffset;
    const dz = zr - Math.round(zr / s.jointSpacing) * s.jointSpacing;
    const half = s.jointWidth / 2;
    const fpz = p.fpz > 1e-4 ? p.fpz : 1e-4;
    const ad = Math.abs(dz);
    if (ad < half + fpz) {
      const cov = Math.min(1, Math.max(0, (half - ad) / fpz + 0.5)) * Math.min(1, s.jointWidth / fpz);
      k *= 1 - s.jointDepth * cov;
    } else if (dz < 0 && ad < half * 3 + fpz) {
      k *= 1 + 0.6 * Math.min(1, s.jointWidth / fpz); // socket lip facing the lamp
    }
  }
  p.r = r * k;
  p.g = g * k;
  p.b = b * k;
  p.shade = 1;
  p.emit = 0;
}
