/**
 * Class-activation heatmaps (CAM, Float32 0..1 on the network's coarse grid) turned into
 * what a reviewer sees: a coloured translucent overlay at frame size and a bounding box.
 * Pure functions; frame-sized buffers are allocated per call (one call per flagged frame).
 */

export interface Heatmap {
  width: number;
  height: number;
  /** Row-major, width·height values, 0..1. */
  data: Float32Array;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Highest heat inside the box's component, 0..1. */
  peak: number;
  /** Share of the frame the component covers, 0..1. */
  area: number;
}

/**
 * Bilinear upsampling with pixel-centre alignment (the same convention as image resizers:
 * CAM cell i covers frame pixels [i·s, (i+1)·s)), clamped at the borders.
 */
export function upsampleBilinear(src: Heatmap, dw: number, dh: number): Float32Array {
  const { width: sw, height: sh, data } = src;
  if (data.length !== sw * sh) throw new RangeError(`heatmap data has ${data.length} values, expected ${sw}x${sh}`);
  const out = new Float32Array(dw * dh);
  const sx = sw / dw;
  const sy = sh / dh;
  // Column taps depend on x only: computed once, not per row (same values, same arithmetic).
  const x0s = new Int32Array(dw);
  const x1s = new Int32Array(dw);
  const wxs = new Float64Array(dw);
  for (let x = 0; x < dw; x++) {
    const fx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sx - 0.5));
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(sw - 1, x0s[x] + 1);
    wxs[x] = fx - x0s[x];
  }
  for (let y = 0; y < dh; y++) {
    const fy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(sh - 1, y0 + 1);
    const wy = fy - y0;
    const r0 = y0 * sw;
    const r1 = y1 * sw;
    const o = y * dw;
    for (let x = 0; x < dw; x++) {
      const x0 = x0s[x];
      const x1 = x1s[x];
      const wx = wxs[x];
      const top = data[r0 + x0] * (1 - wx) + data[r0 + x1] * wx;
      const bot = data[r1 + x0] * (1 - wx) + data[r1 + x1] * wx;
      out[o + x] = top * (1 - wy) + bot * wy;
    }
  }
  return out;
}

/** Jet-like colormap: 0 → dark blue, 0.35 → cyan, 0.5 → green, 0.65 → yellow, 1 → dark red. */
export function jet(v: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, v));
  const ch = (c: number) => Math.round(255 * Math.min(1, Math.max(0, 1.5 - Math.abs(4 * t - c))));
  return [ch(3), ch(2), ch(1)];
}

export interface OverlayOptions {
  /** Opacity at heat 1 (default 0.6). */
  maxAlpha?: number;
  /** Heat below this is fully transparent, so the pipe stays readable (default 0.2). */
  floor?: number;
}

/** RGBA overlay at frame size; alpha ramps with heat so cold areas show the frame untouched. */
export function heatmapOverlay(cam: Heatmap, frameW: number, frameH: number, opts: OverlayOptions = {}): Uint8Array {
  const maxAlpha = opts.maxAlpha ?? 0.6;
  const floor = opts.floor ?? 0.2;
  const up = upsampleBilinear(cam, frameW, frameH);
  const lut = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    const v = i / 255;
    const [r, g, b] = jet(v);
    const a = v <= floor ? 0 : Math.round(255 * maxAlpha * ((v - floor) / (1 - floor)));
    lut.set([r, g, b, a], i * 4);
  }
  // One 32-bit store per pixel (RGBA bytes in memory order, whatever the host's endianness).
  const lut32 = new Uint32Array(lut.buffer);
  const out = new Uint8Array(frameW * frameH * 4);
  const out32 = new Uint32Array(out.buffer);
  // A NaN heat indexes nothing and leaves the pixel 0 (transparent black), as before.
  for (let i = 0; i < up.length; i++) out32[i] = lut32[Math.round(Math.min(1, Math.max(0, up[i])) * 255)];
  return out;
}

/**
 * Bounding box (frame pixels) of the largest 8-connected region whose upsampled heat is
 * ≥ relThreshold·max. Null when the map is empty/flat zero. Labelling runs on the map
 * upsampled to at most `gridMax` pixels per side, then scales to the frame.
 */
export function heatmapBox(cam: Heatmap, frameW: number, frameH: number, relThreshold = 0.5, gridMax = 160): Box | null {
  const scale = Math.min(1, gridMax / Math.max(frameW, frameH));
  const gw = Math.max(1, Math.round(frameW * scale));
  const gh = Math.max(1, Math.round(frameH * scale));
  const up = upsampleBilinear(cam, gw, gh);
  let max = 0;
  for (const v of up) if (v > max) max = v;
  if (!(max > 0)) return null;
  const thr = max * relThreshold;
  const label = new Int32Array(gw * gh).fill(-1);
  const stack: number[] = [];
  let best: { n: number; peak: number; x0: number; y0: number; x1: number; y1: number } | null = null;
  for (let start = 0; start < up.length; start++) {
    if (up[start] < thr || label[start] !== -1) continue;
    label[start] = start;
    stack.push(start);
    const c = { n: 0, peak: 0, x0: gw, y0: gh, x1: -1, y1: -1 };
    while (stack.length) {
      const p = stack.pop()!;
      const px = p % gw;
      const py = (p - px) / gw;
      c.n++;
      if (up[p] > c.peak) c.peak = up[p];
      if (px < c.x0) c.x0 = px;
      if (px > c.x1) c.x1 = px;
      if (py < c.y0) c.y0 = py;
      if (py > c.y1) c.y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= gh) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= gw) continue;
          const q = ny * gw + nx;
          if (label[q] === -1 && up[q] >= thr) {
            label[q] = start;
            stack.push(q);
          }
        }
      }
    }
    if (!best || c.n > best.n || (c.n === best.n && c.peak > best.peak)) best = c;
  }
  if (!best) return null;
  const sx = frameW / gw;
  const sy = frameH / gh;
  const x = Math.floor(best.x0 * sx);
  const y = Math.floor(best.y0 * sy);
  return {
    x,
    y,
    width: Math.min(frameW, Math.ceil((best.x1 + 1) * sx)) - x,
    height: Math.min(frameH, Math.ceil((best.y1 + 1) * sy)) - y,
    peak: best.peak,
    area: best.n / (gw * gh),
  };
}
