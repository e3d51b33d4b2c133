import { DEFECT_CODES, WATER_LEVELS, type DefectCode } from '../taxonomy/codes';
import { createRng, hash32 } from './prng';
import { sampleScene, type Scene } from './scene';
import { buildDefect } from './defects';
import { formatDistance } from './overlay';

/**
 * A crawler inspection of one segment, as a pure plan: the scene that stays fixed, the
 * defects at positions along the pipe, and for any time t the frame scene and its labels.
 *
 * Visibility rule (what the labels call "visible"): a defect at position p along the pipe is
 * in view while the camera at distance d has VIEW_NEAR_R·R ≤ p − d ≤ min(VIEW_FAR_R·R, VIEW_FAR_M),
 * R = pipe radius. Nearer than that it has left the lens' field of view (the wall at z < ~0.6 R
 * is outside a wide-angle frame); farther it is a few pixels in the dark far field.
 */
export const VIEW_NEAR_R = 0.6;
export const VIEW_FAR_R = 6;
export const VIEW_FAR_M = 3;

/** Classes whose builder anchors them on a joint ring (see jointNear). */
const JOINT_CODES: ReadonlySet<DefectCode> = new Set(['FS', 'IS', 'RO']);

export interface PlannedDefect {
  code: DefectCode;
  positionM: number; // along the pipe from the start manhole
  seed: number; // builder seed: the same shape is rebuilt at every camera position
  severity: number;
}

export interface SegmentPlan {
  seed: number;
  width: number;
  height: number;
  fps: number;
  seconds: number;
  speedMps: number;
  startM: number; // overlay distance at t = 0
  lengthM: number;
  base: Scene; // scene at distance 0 with no defects
  defects: PlannedDefect[];
  segmentId: string;
}

export function planSegment(seed: number, seconds: number, fps: number, width: number, height: number): SegmentPlan {
  const rng = createRng(hash32(seed, 0x51de0));
  const base = sampleScene(rng.fork(1), { width, height, codes: [], jointsMovable: false });
  // a video keeps one camera: moderate pose, no per-frame lighting jumps
  base.camera.yaw *= 0.5;
  base.camera.pitch *= 0.5;
  base.light.blur = 0;
  base.light.exposure = Math.min(2, Math.max(0.6, base.light.exposure));
  base.overlay.enabled = true;
  const speedMps = rng.range(0.12, 0.22);
  const startM = rng.range(0, 2);
  const lengthM = startM + speedMps * seconds + VIEW_FAR_M + 1;
  const defects: PlannedDefect[] = [];
  // Roughly one defect every 1–2.5 m of travel (never two within 1 m: keeps labels separable);
  // the first one starts inside the view so that even a short clip shows a defect.
  const far = Math.min(VIEW_FAR_R * base.radiusM, VIEW_FAR_M);
  let p = startM + rng.range(0.5, 1) * far;
  const R = base.radiusM;
  const jointSpacingM = base.jointSpacing * R;
  const jointed = base.jointDepth > 0 && jointSpacingM < 5;
  while (p < lengthM - 0.5) {
    let code = rng.pick(DEFECT_CODES);
    // Joint defects sit on this segment's real joints (the builder uses the nearest joint ring);
    // a jointless pipe (liner) cannot have them.
    while (JOINT_CODES.has(code) && !jointed) code = rng.pick(DEFECT_CODES);
    let pos = p;
    if (JOINT_CODES.has(code)) pos = R * (base.jointOffset + Math.round((p / R - base.jointOffset) / base.jointSpacing) * base.jointSpacing);
    if (pos > startM && !defects.some((d) => Math.abs(d.positionM - pos) < 0.3)) defects.push({ code, positionM: pos, seed: rng.int(0, 2 ** 31 - 1), severity: rng.range(0.3, 1) });
    p += rng.range(1, 2.5);
  }
  return { seed, width, height, fps, seconds, speedMps, startM, lengthM, base, defects, segmentId: base.overlay.segmentId };
}

export const distanceAt = (plan: SegmentPlan, t: number) => plan.startM + plan.speedMps * t;

export function isVisible(plan: SegmentPlan, d: PlannedDefect, distanceM: number): boolean {
  const R = plan.base.radiusM;
  const ahead = d.positionM - distanceM;
  return ahead >= VIEW_NEAR_R * R && ahead <= Math.min(VIEW_FAR_R * R, VIEW_FAR_M);
}

/** The scene the camera sees at time t: joints, texture and defects shifted by the travelled distance. */
export function sceneAt(plan: SegmentPlan, t: number): Scene {
  const b = plan.base;
  const R = b.radiusM;
  const d = distanceAt(plan, t);
  const dR = d / R;
  const s: Scene = {
    ...b,
    camera: { ...b.camera, yaw: b.camera.yaw + 0.02 * Math.sin(t * 0.7), pitch: b.camera.pitch + 0.015 * Math.sin(t * 1.3 + 1) },
    jointOffset: (((b.jointOffset - dR) % b.jointSpacing) + b.jointSpacing) % b.jointSpacing,
    texOffset: b.texOffset + dR * b.texScaleV,
    zOrigin: dR,
    noiseSeed: hash32(b.noiseSeed, Math.round(t * 1000)),
    defects: [],
  };
  for (const pd of plan.defects) {
    const z = (pd.positionM - d) / R;
    if (z < -1 || z > 30) continue; // behind the camera or lost in the far field: skip the work
    s.defects.push(buildDefect(createRng(pd.seed), pd.code, s, z, pd.severity));
  }
  return s;
}

export interface FrameLabel {
  index: number;
  t: number;
  codes: DefectCode[];
  water: (typeof WATER_LEVELS)[number];
  distance_m: number;
  overlay_text: string; // the distance exactly as burned into this frame (OCR ground truth)
}

export function frameLabel(plan: SegmentPlan, index: number): FrameLabel {
  const t = index / plan.fps;
  const dist = distanceAt(plan, t);
  const codes = [...new Set(plan.defects.filter((d) => isVisible(plan, d, dist)).map((d) => d.code))];
  codes.sort((a, b) => DEFECT_CODES.indexOf(a) - DEFECT_CODES.indexOf(b));
  return { index, t: round(t, 4), codes, water: WATER_LEVELS[plan.base.waterBin], distance_m: round(dist, 3), overlay_text: formatDistance(plan.base.overlay, dist) };
}

export interface Observation {
  code: DefectCode;
  start_s: number;
  end_s: number;
  start_m: number; // overlay (camera) distance when it comes into view
  end_m: number; // … and when it leaves the view
  position_m: number; // true position along the pipe
  severity: number;
}

/** One observation per planned defect that is in view during the video (times clipped to it). */
export function observations(plan: SegmentPlan): Observation[] {
  const R = plan.base.radiusM;
  const far = Math.min(VIEW_FAR_R * R, VIEW_FAR_M);
  const out: Observation[] = [];
  const lastT = (Math.ceil(plan.seconds * plan.fps) - 1) / plan.fps;
  for (const d of plan.defects) {
    // camera distance range during which the defect is visible, converted to time
    const t0 = Math.max(0, (d.positionM - far - plan.startM) / plan.speedMps);
    const t1 = Math.min(lastT, (d.positionM - VIEW_NEAR_R * R - plan.startM) / plan.speedMps);
    if (t1 < t0) continue;
    out.push({ code: d.code, start_s: round(t0, 3), end_s: round(t1, 3), start_m: round(distanceAt(plan, t0), 3), end_m: round(distanceAt(plan, t1), 3), position_m: round(d.positionM, 3), severity: round(d.severity, 3) });
  }
  return out;
}

function round(x: number, k: number): number {
  return Math.round(x * 10 ** k) / 10 ** k;
}
