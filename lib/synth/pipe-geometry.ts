import type { Blob, Deformation, Step } from './types';

/**
 * Ray casting inside the pipe. The camera ray is (rx, ry, 1) from lens (ox, oy, 0),
 * so the ray parameter t IS the distance z along the pipe axis (radii).
 */
export interface WallHit {
  rx: number;
  ry: number; // input: ray slopes (passed in fields, not arguments, to avoid boxing doubles per call)
  t: number; // z of the hit
  hx: number;
  hy: number; // hit point in the cross-section, radii
  nx: number;
  ny: number; // inward-pointing-away (outward) unit normal in the cross-section
  theta: number;
  face: boolean; // hit the annular step face of a displaced joint (faces the camera)
  bulge: number; // 0..1 how much local deformation is at this point
}

const FAR = 1e4;

/** Far intersection of the ray with a circle centred (cx, cy) of radius r (camera is inside). */
export function circleHit(ox: number, oy: number, rx: number, ry: number, a: number, cx: number, cy: number, r: number): number {
  if (a < 1e-12) return FAR;
  const px = ox - cx;
  const py = oy - cy;
  const b = px * rx + py * ry;
  const c = px * px + py * py - r * r;
  const disc = b * b - a * c;
  if (disc <= 0) return FAR;
  return (-b + Math.sqrt(disc)) / a;
}

function deformRadius(d: Deformation, theta: number, z: number): { r: number; bulge: number } {
  if (z < d.z0 || z > d.z1 + 1) return { r: 1, bulge: 0 };
  const ramp = Math.min(1, (z - d.z0) / 0.8, (d.z1 + 1 - z) / 0.8);
  let dt = theta - d.theta0;
  dt = Math.abs(((dt + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
  const bump = dt < d.width ? 0.5 + 0.5 * Math.cos((Math.PI * dt) / d.width) : 0;
  const ca = Math.cos(theta);
  const sa = Math.sin(theta);
  const ex = 1 + d.oval * ramp;
  const ey = 1 - d.oval * ramp;
  const rOval = 1 / Math.sqrt((ca / ex) * (ca / ex) + (sa / ey) * (sa / ey));
  return { r: rOval * (1 - d.amount * bump * ramp), bulge: bump * ramp };
}

export function wallHit(cam: { ox: number; oy: number }, deform: Deformation | undefined, step: Step | undefined, out: WallHit): void {
  const ox = cam.ox;
  const oy = cam.oy;
  const rx = out.rx;
  const ry = out.ry;
  const a = rx * rx + ry * ry;
  let cx = 0;
  let cy = 0;
  let r = 1;
  let t = circleHit(ox, oy, rx, ry, a, 0, 0, 1);
  out.face = false;
  out.bulge = 0;
  if (step && t > step.zj) {
    const t1 = circleHit(ox, oy, rx, ry, a, step.dx, step.dy, 1);
    if (t1 >= step.zj) {
      t = t1;
      cx = step.dx;
      cy = step.dy;
    } else {
      // Ray leaves the near section's mouth outside the far section: it sees the step face.
      t = step.zj;
      out.face = true;
    }
  }
  if (deform && !out.face) {
    for (let it = 0; it < 2; it++) {
      const hx = ox + t * rx - cx;
      const hy = oy + t * ry - cy;
      const d = deformRadius(deform, Math.atan2(hy, hx), t);
      if (d.r === r) break;
      r = d.r;
      out.bulge = d.bulge;
      t = circleHit(ox, oy, rx, ry, a, cx, cy, r);
    }
  }
  out.t = t;
  out.hx = ox + t * rx;
  out.hy = oy + t * ry;
  const lx = out.hx - cx;
  const ly = out.hy - cy;
  const len = Math.sqrt(lx * lx + ly * ly) || 1;
  out.nx = lx / len;
  out.ny = ly / len;
  out.theta = Math.atan2(ly, lx);
}

/** Nearest intersection of the ray with an ellipsoid: n[0..2] = unit normal, n[3] = distance z (Infinity = miss). */
export function blobHit(cam: { ox: number; oy: number }, ray: { rx: number; ry: number }, b: Blob, n: Float64Array): void {
  const ox = cam.ox;
  const oy = cam.oy;
  const rx = ray.rx;
  const ry = ray.ry;
  n[3] = Infinity;
  const px = (ox - b.cx) / b.rx;
  const py = (oy - b.cy) / b.ry;
  const pz = -b.cz / b.rz;
  const dx = rx / b.rx;
  const dy = ry / b.ry;
  const dz = 1 / b.rz;
  const A = dx * dx + dy * dy + dz * dz;
  const B = px * dx + py * dy + pz * dz;
  const C = px * px + py * py + pz * pz - 1;
  const disc = B * B - A * C;
  if (disc <= 0) return;
  const t = (-B - Math.sqrt(disc)) / A;
  if (t <= 0) return;
  const qx = (px + t * dx) / b.rx;
  const qy = (py + t * dy) / b.ry;
  const qz = (pz + t * dz) / b.rz;
  const l = Math.sqrt(qx * qx + qy * qy + qz * qz) || 1;
  n[0] = qx / l;
  n[1] = qy / l;
  n[2] = qz / l;
  n[3] = t;
}

/** Whether the segment from point P to the lamp L crosses the ellipsoid (hard shadow). */
export function blobOccludes(px: number, py: number, pz: number, lx: number, ly: number, b: Blob): boolean {
  const sx = (px - b.cx) / b.rx;
  const sy = (py - b.cy) / b.ry;
  const sz = (pz - b.cz) / b.rz;
  const dx = (lx - px) / b.rx;
  const dy = (ly - py) / b.ry;
  const dz = -pz / b.rz;
  const A = dx * dx + dy * dy + dz * dz;
  const B = sx * dx + sy * dy + sz * dz;
  const C = sx * sx + sy * sy + sz * sz - 1;
  const disc = B * B - A * C;
  if (disc <= 0) return false;
  const t = (-B - Math.sqrt(disc)) / A;
  return t > 1e-3 && t < 1;
}
