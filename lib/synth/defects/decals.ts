import { noiseTrack, type Rng } from '../prng';
import type { WallDecal, WallPixel } from '../types';

/** Shared wall-space drawing helpers. Wall coords: theta (radians = arc length at R = 1) and z (radii). */
export function angDiff(a: number, b: number): number {
  let d = a - b;
  d = ((d + Math.PI) % (2 * Math.PI) + 2 * Math.PI) % (2 * Math.PI) - Math.PI;
  return d;
}

/** Anti-aliased coverage of a line of width w at distance d, with pixel footprint fp. */
export function lineCoverage(d: number, w: number, fp: number): number {
  const f = fp > 1e-5 ? fp : 1e-5;
  const c = Math.min(1, Math.max(0, (w / 2 - Math.abs(d)) / f + 0.5));
  return c * Math.min(1, w / f);
}

export function mix(p: WallPixel, c: readonly number[], m: number): void {
  p.r += (c[0] - p.r) * m;
  p.g += (c[1] - p.g) * m;
  p.b += (c[2] - p.b) * m;
}

/** A crack following a wandering path along z (longitudinal) from z0 to z1 at angle th0. */
export function longCrack(rng: Rng, th0: number, z0: number, z1: number, w: number, wander: number): WallDecal {
  const path = noiseTrack(rng, 48);
  const jag = noiseTrack(rng, 64);
  const len = z1 - z0;
  return {
    z0,
    z1,
    apply(p) {
      const u = (p.z - z0) / len;
      const th = th0 + wander * path(u * 0.9) + 0.012 * jag(u * 5);
      const taper = Math.min(1, u * 6, (1 - u) * 6);
      const cov = lineCoverage(angDiff(p.theta, th), w * (0.4 + 0.6 * taper), p.fpt);
      if (cov > 0) p.shade *= 1 - 0.95 * cov;
    },
  };
}

/** A crack running around the circumference between angles tA..tB near z = zc. */
export function circCrack(rng: Rng, zc: number, tA: number, tB: number, w: number, wander: number): WallDecal {
  const path = noiseTrack(rng, 48);
  const jag = noiseTrack(rng, 64);
  const span = tB - tA;
  return {
    z0: zc - wander - w - 0.1,
    z1: zc + wander + w + 0.1,
    apply(p) {
      const dt = angDiff(p.theta, tA);
      const u = (dt < 0 ? dt + 2 * Math.PI : dt) / span;
      if (u > 1) return;
      const zp = zc + wander * path(u * 0.9) + 0.025 * jag(u * 11); // jagged, unlike a joint ring
      const taper = Math.min(1, u * 6, (1 - u) * 6);
      const cov = lineCoverage(p.z - zp, w * (0.4 + 0.6 * taper), p.fpz);
      if (cov > 0) p.shade *= 1 - 0.9 * cov;
    },
  };
}

/**
 * An irregular patch centred (th0, zc) with half-sizes (at radians, az radii); the callback paints
 * with rn = normalised radius (<1 inside, edge wobbled by noise) and the local offsets.
 */
export function patch(rng: Rng, th0: number, zc: number, at: number, az: number, rough: number, paint: (p: WallPixel, rn: number, dt: number, dz: number) => void): WallDecal {
  const edge = noiseTrack(rng, 32);
  return {
    z0: zc - az * (1 + rough) - 0.05,
    z1: zc + az * (1 + rough) + 0.05,
    apply(p) {
      const dt = angDiff(p.theta, th0);
      if (Math.abs(dt) > at * (1 + rough) + 0.05) return;
      const dz = p.z - zc;
      const ang = Math.atan2(dz / az, dt / at);
      const rn = Math.sqrt((dt / at) ** 2 + (dz / az) ** 2) / (1 + rough * edge(ang / (2 * Math.PI)));
      if (rn < 1.3) paint(p, rn, dt, dz);
    },
  };
}
