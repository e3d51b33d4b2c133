import fs from 'node:fs';
import { renderScene } from './render';
import { openH264Writer } from './ffmpeg-writer';
import { VIEW_FAR_M, VIEW_FAR_R, VIEW_NEAR_R, distanceAt, frameLabel, observations, planSegment, sceneAt, type SegmentPlan } from './video-plan';

export interface VideoOptions {
  out: string;
  seconds: number;
  seed: number;
  fps?: number;
  width?: number;
  height?: number;
  renderScale?: number; // shading resolution factor; 0.5 by default for videos (speed)
  onProgress?: (done: number, total: number) => void;
}

/** `F.labels.json` content (DESIGN.md §6): segment metadata, per-frame truth, observations. */
export function videoLabels(plan: SegmentPlan, frameCount: number) {
  const b = plan.base;
  return {
    segment: {
      id: plan.segmentId,
      seed: plan.seed,
      material: b.material,
      diameter_m: b.radiusM * 2,
      length_m: Math.round(plan.lengthM * 100) / 100,
      start_m: Math.round(plan.startM * 1000) / 1000,
      speed_m_s: Math.round(plan.speedMps * 1000) / 1000,
      joint_spacing_m: Math.round(b.jointSpacing * b.radiusM * 1000) / 1000,
      fps: plan.fps,
      width: plan.width,
      height: plan.height,
      duration_s: frameCount / plan.fps,
      frame_count: frameCount,
      water: frameLabel(plan, 0).water,
      visibility_rule: `visible while ${VIEW_NEAR_R}·R <= position - camera distance <= min(${VIEW_FAR_R}·R, ${VIEW_FAR_M} m), R = ${b.radiusM} m`,
      frames_sampling: 'one entry per encoded frame, t = index / fps',
      overlay: { layout: b.overlay.layout, style: b.overlay.style, glyph_height_frac: Math.round(b.overlay.scale * 1000) / 1000, color: b.overlay.color, distance_prefix: b.overlay.distancePrefix },
    },
    frames: Array.from({ length: frameCount }, (_, i) => frameLabel(plan, i)),
    observations: observations(plan),
  };
}

export async function writeVideo(opt: VideoOptions) {
  const fps = opt.fps ?? 25;
  const width = opt.width ?? 720;
  const height = opt.height ?? 576;
  if (width % 2 || height % 2) throw new Error('video width and height must be even (yuv420p)');
  const frameCount = Math.round(opt.seconds * fps);
  if (frameCount < 1) throw new Error('--seconds must give at least one frame');
  const plan = planSegment(opt.seed, opt.seconds, fps, width, height);
  const writer = openH264Writer(opt.out, width, height, fps);
  try {
    for (let i = 0; i < frameCount; i++) {
      const t = i / fps;
      const rgb = renderScene(sceneAt(plan, t), { distanceM: distanceAt(plan, t), tS: t, renderScale: opt.renderScale ?? 0.5 });
      await writer.write(rgb);
      opt.onProgress?.(i + 1, frameCount);
    }
  } finally {
    await writer.close();
  }
  const labels = videoLabels(plan, frameCount);
  const labelsFile = opt.out.replace(/\.[^./]+$/, '') + '.labels.json';
  fs.writeFileSync(labelsFile, JSON.stringify(labels, null, 1));
  return { out: opt.out, labels: labelsFile, frames: frameCount, observations: labels.observations.length };
}
