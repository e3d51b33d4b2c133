import type { Scene } from './scene';
import type { Blob, WallPixel } from './types';
import { blobHit, blobOccludes, circleHit, wallHit, type WallHit } from './pipe-geometry';
import { grimeHalfWidth, paintWall } from './materials';
import { developImage, screenLightMask } from './lighting';
import { drawOverlay, overlayLines } from './overlay';
import { sampleTex, textureBank } from './textures';

/** Lamp sits a little above the lens, so obstacles cast visible hard shadows. */
const LAMP_DY = 0.12;

export interface FrameInfo {
  distanceM: number; // running distance printed in the overlay
  tS: number; // seconds since the inspection started (overlay clock)
}

/** Renders a scene to packed RGB24 (width*height*3), overlay included. Pure and deterministic. */
export function renderScene(s: Scene, info: FrameInfo = { distanceM: 0, tS: 0 }): Uint8Array {
  const { width: W, height: H } = s;
  const lin = new Float32Array(W * H * 3);
  const mask = screenLightMask(s.light, W, H);
  const cam = s.camera;
  const cr = Math.cos(cam.roll);
  const sr = Math.sin(cam.roll);
  const fpx = cam.focal * H; // focal length in pixels
  const L = s.light;
  const halfFall = -L.falloff / 2;
  const decals = s.defects.flatMap((d) => d.decals);
  const blobs: Blob[] = s.defects.flatMap((d) => d.blobs);
  const deposits = s.defects.flatMap((d) => (d.deposit ? [d.deposit] : []));
  const deform = s.defects.find((d) => d.deform)?.deform;
  const step = s.defects.find((d) => d.step)?.step;
  const yw = -1 + 2 * s.waterLevel;
  const hit: WallHit = { t: 0.5, hx: 0.5, hy: 0.5, nx: 0.5, ny: 0.5, theta: 0.5, face: false, bulge: 0.5 };
  const p: WallPixel = { theta: 0.5, z: 0.5, fpz: 0.5, fpt: 0.5, r: 0.5, g: 0.5, b: 0.5, shade: 1.5, spec: 0.5, emit: 0.5, light: 0.5 };
  const n = new Float64Array(3);
  const bn = new Float64Array(3);
  const tb = textureBank();
  const lampY = cam.oy + LAMP_DY;
  const wlTheta = grimeHalfWidth(s);
  // Lamp falloff exposure·(d²)^(-falloff/2) tabulated over distance d (Math.pow per pixel is the
  // single most expensive operation otherwise). Step 1/64 radius up to 128 radii.
  const LUT_STEP = 64;
  const lampLut = new Float32Array(128 * LUT_STEP + 2);
  for (let i = 0; i < lampLut.length; i++) {
    const d = i / LUT_STEP;
    lampLut[i] = L.exposure * Math.pow(d * d + 0.02, halfFall);
  }
  const lampMax = lampLut.length - 2;
  const lamp = (dist2: number): number => {
    const f = Math.sqrt(dist2) * LUT_STEP;
    if (f >= lampMax) return lampLut[lampMax];
    const i = f | 0;
    return lampLut[i] + (lampLut[i + 1] - lampLut[i]) * (f - i);
  };

  const shadeWall = (theta: number, z: number, ddist2: number, cosInc: number): void => {
    p.theta = theta;
    p.z = z;
    p.fpz = (z * z) / fpx / Math.max(0.15, cosInc);
    p.fpt = z / fpx;
    paintWall(s, p, wlTheta);
    for (let k = 0; k < decals.length; k++) {
      const d = decals[k];
      if (z >= d.z0 && z <= d.z1) d.apply(p);
    }
    p.light = lamp(ddist2) * (0.3 + 0.7 * cosInc) * p.shade;
  };

  for (let y = 0; y < H; y++) {
    const sy = 0.5 - (y + 0.5) / H;
    for (let x = 0; x < W; x++) {
      const sx = ((x + 0.5) / W - 0.5) * s.aspect;
      const rx = (sx * cr - sy * sr) / cam.focal + cam.yaw;
      const ry = (sx * sr + sy * cr) / cam.focal + cam.pitch;
      const a = rx * rx + ry * ry;
      const dl = Math.sqrt(a + 1);
      wallHit(cam.ox, cam.oy, rx, ry, deform, step, hit);
      let t = hit.t;
      let kind = 0; // 0 wall, 1 water, 2 deposit, 3 blob
      let blob: Blob | null = null;
      let depIdx = -1;
      let tw = Infinity;
      if (ry < 0) {
        tw = (yw - cam.oy) / ry;
        if (tw > 0 && tw < t && s.waterLevel > 0.005) {
          t = tw;
          kind = 1;
        }
        for (let k = 0; k < deposits.length; k++) {
          const dp = deposits[k];
          const td = (-1 + dp.height - cam.oy) / ry;
          if (td > dp.z0 && td < dp.z1 && td < t) {
            // soft ends: the mound tapers over the first/last 20 % of its length
            const e = Math.min(td - dp.z0, dp.z1 - td) / ((dp.z1 - dp.z0) * 0.2);
            const td2 = (-1 + dp.height * Math.min(1, e) - cam.oy) / ry;
            if (td2 < t && td2 > 0 && -1 + dp.height * Math.min(1, e) > yw) {
              t = td2;
              kind = 2;
              depIdx = k;
            }
          }
        }
      }
      for (let k = 0; k < blobs.length; k++) {
        const tbh = blobHit(cam.ox, cam.oy, rx, ry, blobs[k], bn);
        if (tbh < t) {
          t = tbh;
          kind = 3;
          blob = blobs[k];
          n.set(bn);
        }
      }
      const dist2 = t * t * (a + 1);
      let R = 0;
      let G = 0;
      let B = 0;
      const px = cam.ox + t * rx;
      const py = cam.oy + t * ry;
      if (kind === 0) {
        const cosInc = hit.face ? 1 / dl : Math.max(0, hit.nx * rx + hit.ny * ry) / dl;
        shadeWall(hit.theta, t, dist2, cosInc);
        const li = p.light * (1 + hit.bulge * 1.2) * (hit.face ? 1.3 : 1);
        const c2 = cosInc * cosInc;
        const spec = L.spec * p.spec * c2 * c2 * c2 * lamp(dist2) * 0.6;
        R = p.r * li + spec + p.emit;
        G = p.g * li + spec + p.emit;
        B = p.b * li + spec + p.emit;
      } else if (kind === 1) {
        // Water: murky body colour plus the wall mirrored in the surface (Fresnel-weighted).
        const cosInc = -ry / dl;
        const fres = 0.25 + 0.6 * (1 - cosInc) * (1 - cosInc) * (1 - cosInc);
        const t2 = circleHit(px, yw, rx, -ry, a, 0, 0, 1);
        const hx2 = px + t2 * rx;
        const hy2 = yw - t2 * ry;
        const z2 = t + t2;
        shadeWall(Math.atan2(hy2, hx2), z2, z2 * z2 * (a + 1), 0.5);
        const li2 = p.light * fres;
        const ripple = sampleTex(tb.streak, px * 0.5, t * 0.3, 0.01);
        const body = lamp(dist2) * (0.3 + 0.7 * cosInc) * (0.7 + 0.6 * ripple);
        R = s.waterColor[0] * body + p.r * li2;
        G = s.waterColor[1] * body + p.g * li2;
        B = s.waterColor[2] * body + p.b * li2;
      } else if (kind === 2) {
        const dp = deposits[depIdx];
        const gr = sampleTex(tb.grain, px * 2, t * 0.8, (t * t) / fpx);
        const cosInc = -ry / dl;
        const li = lamp(dist2) * (0.35 + 0.65 * cosInc) * (0.6 + 0.8 * gr);
        R = dp.color[0] * li;
        G = dp.color[1] * li;
        B = dp.color[2] * li;
      } else if (blob) {
        const cosInc = Math.max(0, -(n[0] * rx + n[1] * ry + n[2]) / dl);
        let tex = 1;
        if (blob.texture === 'rock') tex = 0.6 + 0.8 * sampleTex(tb.fine, n[0] * 0.7 + blob.cx, n[1] * 0.7 + n[2] * 0.3, 0.004);
        else if (blob.texture === 'fibre') tex = 0.3 + 1.4 * sampleTex(tb.streak, Math.atan2(n[1], n[0]) * 0.8, n[2] * 0.2 + blob.cz * 0.01, 0.004);
        else if (blob.texture === 'wood') tex = 0.6 + 0.8 * sampleTex(tb.streak, n[1] * 0.3, n[0] * 0.8, 0.004);
        else if (blob.texture === 'water') tex = 0.8 + 0.6 * sampleTex(tb.streak, n[0] * 2, t * 2, 0.004);
        const li = lamp(dist2) * (0.25 + 0.75 * cosInc) * tex;
        const c3 = cosInc * cosInc * cosInc;
        const spec = blob.gloss * c3 * c3 * c3 * c3 * lamp(dist2) * 0.8;
        R = blob.color[0] * li + spec;
        G = blob.color[1] * li + spec;
        B = blob.color[2] * li + spec;
      }
      // Hard shadows from obstacles onto everything behind them.
      if (kind !== 3) {
        for (let k = 0; k < blobs.length; k++) {
          if (blobs[k].cz < t && blobOccludes(px, py, t, cam.ox, lampY, blobs[k])) {
            R *= 0.25;
            G *= 0.25;
            B *= 0.25;
            break;
          }
        }
      }
      const m = mask[y * W + x];
      const o = (y * W + x) * 3;
      lin[o] = R * m + L.ambient;
      lin[o + 1] = G * m + L.ambient;
      lin[o + 2] = B * m + L.ambient;
    }
  }
  const rgb = developImage(lin, W, H, L, s.noiseSeed);
  drawOverlay(rgb, W, H, s.overlay, overlayLines(s.overlay, info.distanceM, info.tS));
  return rgb;
}
