import type { Scene } from './scene';
import type { Blob, WallDecal, WallPixel } from './types';
import { blobHit, blobOccludes, circleHit, wallHit, type WallHit } from './pipe-geometry';
import { grimeHalfWidth, paintWall } from './materials';
import { developImage, screenLightMask } from './lighting';
import { drawOverlay, overlayLines } from './overlay';
import { TEX_IO, texIO, textureBank } from './textures';

/** Lamp sits a little above the lens, so obstacles cast visible hard shadows. */
const LAMP_DY = 0.12;

export interface FrameInfo {
  distanceM: number; // running distance printed in the overlay
  tS: number; // seconds since the inspection started (overlay clock)
  /** <1 shades at reduced resolution and upsamples (≈1/scale² faster; softer detail). Noise and overlay stay full-res. */
  renderScale?: number;
}

/** Scratch buffers reused across frames: allocating ~2 MB of typed arrays per frame made GC the top cost. */
const pool = new Map<string, Float32Array<ArrayBuffer>>();
function scratch(key: string, n: number): Float32Array<ArrayBuffer> {
  let b = pool.get(key);
  if (!b || b.length !== n) {
    b = new Float32Array(n);
    pool.set(key, b);
  }
  return b;
}

// Lamp falloff exposure·(d²)^(-falloff/2) tabulated over distance d (Math.pow per pixel was the
// most expensive operation). Step 1/64 radius up to 128 radii.
const LUT_STEP = 64;
const lampLut = new Float32Array(128 * LUT_STEP + 2);
const LAMP_MAX = lampLut.length - 2;
function fillLamp(exposure: number, halfFall: number): void {
  for (let i = 0; i < lampLut.length; i++) {
    const d = i / LUT_STEP;
    lampLut[i] = exposure * Math.pow(d * d + 0.02, halfFall);
  }
}

/**
 * Per-frame shading context. Module-level functions over one long-lived context keep call
 * targets stable across frames: per-frame closures made V8 deoptimise every frame and run
 * the pixel loop unoptimised, allocating a heap number per arithmetic result.
 */
interface ShadeCtx {
  s: Scene;
  p: WallPixel;
  decals: WallDecal[];
  fpx: number;
}

/** Reads p.theta, p.z, p.dist2, p.cosInc; writes albedo and p.light. */
function shadeWall(c: ShadeCtx): void {
  const p = c.p;
  const z = p.z;
  p.fpz = (z * z) / c.fpx; // d(z)/d(pixel) for the radial image coordinate r = f/z
  p.fpt = z / c.fpx;
  paintWall(c.s, p);
  const decals = c.decals;
  for (let k = 0; k < decals.length; k++) {
    const d = decals[k];
    if (z >= d.z0 && z <= d.z1) d.apply(p);
  }
  const f = Math.sqrt(p.dist2) * LUT_STEP;
  let lp = lampLut[LAMP_MAX];
  if (f < LAMP_MAX) {
    const i = f | 0;
    lp = lampLut[i] + (lampLut[i + 1] - lampLut[i]) * (f - i);
  }
  p.light = lp * (0.3 + 0.7 * p.cosInc) * p.shade;
}

/**
 * Copies into an array whose elements kind is always PACKED_ELEMENTS: an empty [] literal has a
 * different map than a filled one, and meeting the other kind deoptimised the pixel loop
 * ("wrong map") every time a normal frame followed a defect frame or vice versa.
 */
const KIND_SEED = {};
function objArray<T>(items: Iterable<T>): T[] {
  const a = [KIND_SEED as T];
  a.pop();
  for (const x of items) a.push(x);
  return a;
}

/** Bilinear upsample of a packed float RGB buffer. */
function upsample(src: Float32Array, sw: number, sh: number, dw: number, dh: number): Float32Array {
  const out = scratch('up', dw * dh * 3);
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, ((y + 0.5) * sh) / dh - 0.5));
    const y0 = fy | 0;
    const y1 = Math.min(sh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < dw; x++) {
      const fx = Math.min(sw - 1, Math.max(0, ((x + 0.5) * sw) / dw - 0.5));
      const x0 = fx | 0;
      const x1 = Math.min(sw - 1, x0 + 1);
      const tx = fx - x0;
      const o = (y * dw + x) * 3;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * sw + x0) * 3 + c] * (1 - tx) + src[(y0 * sw + x1) * 3 + c] * tx;
        const b = src[(y1 * sw + x0) * 3 + c] * (1 - tx) + src[(y1 * sw + x1) * 3 + c] * tx;
        out[o + c] = a * (1 - ty) + b * ty;
      }
    }
  }
  return out;
}

/** Renders a scene to packed RGB24 (width*height*3), overlay included. Pure and deterministic. */
export function renderScene(s: Scene, info: FrameInfo = { distanceM: 0, tS: 0 }): Uint8Array {
  const scale = info.renderScale ?? 1;
  const W = Math.max(8, Math.round(s.width * scale));
  const H = Math.max(8, Math.round(s.height * scale));
  const lin = scratch('lin', W * H * 3);
  const mask = screenLightMask(s.light, W, H, scratch('mask', W * H));
  const cam = s.camera;
  const cr = Math.cos(cam.roll);
  const sr = Math.sin(cam.roll);
  const fpx = cam.focal * H; // focal length in pixels
  const L = s.light;
  const halfFall = -L.falloff / 2;
  const decals = objArray(s.defects.flatMap((d) => d.decals));
  const blobs: Blob[] = objArray(s.defects.flatMap((d) => d.blobs));
  // Screen-space culling box per blob in ray-slope space (rx, ry); Infinity = blob reaches the lens plane.
  const cull = new Float64Array(blobs.length * 3);
  blobs.forEach((b, k) => {
    const rmax = Math.max(b.rx, b.ry, b.rz);
    const near = b.cz - rmax;
    cull[k * 3] = (b.cx - s.camera.ox) / Math.max(b.cz, 1e-3);
    cull[k * 3 + 1] = (b.cy - s.camera.oy) / Math.max(b.cz, 1e-3);
    cull[k * 3 + 2] = near > 0.05 ? (rmax * 1.5 + 0.05) / near + Math.hypot(b.cx - s.camera.ox, b.cy - s.camera.oy) * (1 / near - 1 / b.cz) : Infinity;
  });
  const deposits = objArray(s.defects.flatMap((d) => (d.deposit ? [d.deposit] : [])));
  const deform = s.defects.find((d) => d.deform)?.deform;
  const step = s.defects.find((d) => d.step)?.step;
  const yw = -1 + 2 * s.waterLevel;
  const hit: WallHit = { rx: 0.5, ry: 0.5, t: 0.5, hx: 0.5, hy: 0.5, nx: 0.5, ny: 0.5, theta: 0.5, face: false, bulge: 0.5 };
  const p: WallPixel = { theta: 0.5, z: 0.5, fpz: 0.5, fpt: 0.5, r: 0.5, g: 0.5, b: 0.5, shade: 1.5, spec: 0.5, emit: 0.5, light: 0.5, dist2: 0.5, cosInc: 0.5, grimeTheta: 0.5 };
  const n = new Float64Array(4);
  const bn = new Float64Array(4); // normal xyz + hit distance (no double return across calls)
  const tb = textureBank();
  const lampY = cam.oy + LAMP_DY;
  p.grimeTheta = grimeHalfWidth(s);
  fillLamp(L.exposure, halfFall);
  const ctx: ShadeCtx = { s, p, decals, fpx };

  for (let y = 0; y < H; y++) {
    const sy = 0.5 - (y + 0.5) / H;
    for (let x = 0; x < W; x++) {
      const sx = ((x + 0.5) / W - 0.5) * s.aspect;
      const rx = (sx * cr - sy * sr) / cam.focal + cam.yaw;
      const ry = (sx * sr + sy * cr) / cam.focal + cam.pitch;
      const a = rx * rx + ry * ry;
      const dl = Math.sqrt(a + 1);
      hit.rx = rx;
      hit.ry = ry;
      wallHit(cam, deform, step, hit);
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
        const cr3 = cull[k * 3 + 2];
        if (Math.abs(rx - cull[k * 3]) > cr3 || Math.abs(ry - cull[k * 3 + 1]) > cr3) continue;
        blobHit(cam, hit, blobs[k], bn);
        const tbh = bn[3];
        if (tbh < t) {
          t = tbh;
          kind = 3;
          blob = blobs[k];
          n[0] = bn[0];
          n[1] = bn[1];
          n[2] = bn[2];
        }
      }
      const dist2 = t * t * (a + 1);
      const lf = Math.sqrt(dist2) * LUT_STEP;
      let lp = lampLut[LAMP_MAX];
      if (lf < LAMP_MAX) {
        const li0 = lf | 0;
        lp = lampLut[li0] + (lampLut[li0 + 1] - lampLut[li0]) * (lf - li0);
      }
      let R = 0;
      let G = 0;
      let B = 0;
      const px = cam.ox + t * rx;
      const py = cam.oy + t * ry;
      if (kind === 0) {
        const cosInc = hit.face ? 1 / dl : Math.max(0, hit.nx * rx + hit.ny * ry) / dl;
        p.theta = hit.theta;
        p.z = t;
        p.dist2 = dist2;
        p.cosInc = cosInc;
        shadeWall(ctx);
        const li = p.light * (1 + hit.bulge * 1.2) * (hit.face ? 1.3 : 1);
        const c2 = cosInc * cosInc;
        const spec = L.spec * p.spec * c2 * c2 * c2 * lp * 0.6;
        R = p.r * li + spec + p.emit;
        G = p.g * li + spec + p.emit;
        B = p.b * li + spec + p.emit;
      } else if (kind === 1) {
        // Water: murky body + the wall mirrored in a rippled surface (Fresnel-weighted) + glints.
        const cosInc = -ry / dl;
        TEX_IO[0] = px * 1.5;
        TEX_IO[1] = t * 0.5;
        TEX_IO[2] = 0.004;
        texIO(tb.streak);
        const rip = TEX_IO[3] - 0.5;
        TEX_IO[0] = px * 1.2 + 0.3;
        TEX_IO[1] = t * 1.2;
        TEX_IO[2] = 0.004;
        texIO(tb.fine);
        const rip2 = TEX_IO[3] - 0.5;
        const fres = 0.3 + 0.6 * (1 - cosInc) * (1 - cosInc) * (1 - cosInc);
        const rrx = rx + rip2 * 0.25;
        const rry = -ry * (1 + rip * 0.4);
        const t2 = circleHit(px, yw, rrx, rry, rrx * rrx + rry * rry, 0, 0, 1);
        const z2 = t + t2;
        p.theta = Math.atan2(yw + t2 * rry, px + t2 * rrx);
        p.z = z2;
        p.dist2 = z2 * z2 * (a + 1);
        p.cosInc = 0.6;
        shadeWall(ctx);
        const li2 = p.light * fres;
        const body = lp * (0.12 + 0.3 * cosInc) * (0.8 + rip);
        const glint = rip2 > 0.22 ? (rip2 - 0.22) * 4 * L.spec * lp * 0.5 : 0;
        R = s.waterColor[0] * body + p.r * li2 + glint;
        G = s.waterColor[1] * body + p.g * li2 + glint;
        B = s.waterColor[2] * body + p.b * li2 + glint;
      } else if (kind === 2) {
        const dp = deposits[depIdx];
        TEX_IO[0] = px * 2;
        TEX_IO[1] = (t + s.zOrigin) * 0.8;
        TEX_IO[2] = (t * t) / fpx;
        texIO(tb.grain);
        const gr = TEX_IO[3];
        const cosInc = -ry / dl;
        // a mound, not a slab: the crest catches the lamp, the flanks towards the walls fall into shade
        const half = Math.sqrt(Math.max(1e-3, 1 - (1 - dp.height) * (1 - dp.height)));
        const across = Math.min(1, Math.abs(px) / half);
        const ridge = (1 + 0.4 * (1 - across)) * (1 - 0.6 * across * across);
        const li = lp * (0.35 + 0.65 * cosInc) * (0.4 + 1.2 * gr) * ridge;
        R = dp.color[0] * li;
        G = dp.color[1] * li;
        B = dp.color[2] * li;
      } else if (blob) {
        const cosInc = Math.max(0, -(n[0] * rx + n[1] * ry + n[2]) / dl);
        let tex = 1;
        TEX_IO[2] = 0.004;
        if (blob.texture === 'rock') {
          TEX_IO[0] = n[0] * 0.7 + blob.cx;
          TEX_IO[1] = n[1] * 0.7 + n[2] * 0.3;
          texIO(tb.fine);
          tex = 0.6 + 0.8 * TEX_IO[3];
        } else if (blob.texture === 'fibre') {
          TEX_IO[0] = Math.atan2(n[1], n[0]) * 0.8;
          TEX_IO[1] = n[2] * 0.2 + blob.cz * 0.01;
          texIO(tb.streak);
          tex = 0.3 + 1.4 * TEX_IO[3];
        } else if (blob.texture === 'wood') {
          TEX_IO[0] = n[1] * 0.3;
          TEX_IO[1] = n[0] * 0.8;
          texIO(tb.streak);
          tex = 0.6 + 0.8 * TEX_IO[3];
        } else if (blob.texture === 'water') {
          TEX_IO[0] = n[0] * 2;
          TEX_IO[1] = t * 2;
          texIO(tb.streak);
          tex = 0.8 + 0.6 * TEX_IO[3];
        }
        const li = lp * (0.25 + 0.75 * cosInc) * tex;
        const c3 = cosInc * cosInc * cosInc;
        const spec = blob.gloss * c3 * c3 * c3 * c3 * lp * 0.8;
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
  const full = W === s.width && H === s.height ? lin : upsample(lin, W, H, s.width, s.height);
  const rgb = developImage(full, s.width, s.height, L, s.noiseSeed);
  drawOverlay(rgb, s.width, s.height, s.overlay, overlayLines(s.overlay, info.distanceM, info.tS));
  return rgb;
}
