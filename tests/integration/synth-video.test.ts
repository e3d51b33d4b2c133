import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ffmpegBinaries } from '../../lib/adapters/ffmpeg-binary';
import { writeVideo } from '../../lib/synth/video';
import { planSegment, sceneAt, frameLabel, isVisible, distanceAt } from '../../lib/synth/video-plan';
import { renderScene } from '../../lib/synth/render';

describe('synth video', () => {
  it('encodes H.264 whose duration/fps match and whose labels time-align with the frames', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-vid-'));
    const out = path.join(dir, 'v.mp4');
    try {
      const res = await writeVideo({ out, seconds: 4, seed: 5, fps: 10, width: 160, height: 128, renderScale: 0.5 });
      expect(res.frames).toBe(40);
      const { ffprobe } = ffmpegBinaries();
      if (!ffprobe) throw new Error('ffprobe needed for this test');
      const probe = JSON.parse(execFileSync(ffprobe, ['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', out]).toString());
      const v = probe.streams[0];
      expect(v.codec_name).toBe('h264');
      expect([v.width, v.height]).toEqual([160, 128]);
      expect(v.r_frame_rate).toBe('10/1');
      expect(Number(v.nb_read_frames)).toBe(40);
      expect(Number(probe.format.duration)).toBeCloseTo(4, 1);

      const labels = JSON.parse(fs.readFileSync(res.labels, 'utf8'));
      expect(labels.frames).toHaveLength(40);
      labels.frames.forEach((f: { t: number; index: number; distance_m: number }, i: number) => {
        expect(f.index).toBe(i);
        expect(f.t).toBeCloseTo(i / 10, 6);
        if (i > 0) expect(f.distance_m).toBeGreaterThan(labels.frames[i - 1].distance_m);
      });
      // every frame that carries a code lies inside an observation of that code, and vice versa
      for (const f of labels.frames as { t: number; codes: string[] }[]) {
        const active = new Set((labels.observations as { code: string; start_s: number; end_s: number }[]).filter((o) => f.t >= o.start_s - 1e-3 && f.t <= o.end_s + 1e-3).map((o) => o.code));
        for (const c of f.codes) expect(active.has(c)).toBe(true);
        for (const c of active) expect(f.codes).toContain(c);
      }
      expect(labels.observations.length).toBeGreaterThan(0);
      expect(labels.segment.fps).toBe(10);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('draws every labelled defect while it is in view (the frame differs from the same frame without it)', () => {
    const plan = planSegment(8, 40, 5, 96, 96);
    const R = plan.base.radiusM;
    let checked = 0;
    for (let i = 0; i < 200 && checked < 4; i += 3) {
      const t = i / 5;
      const lab = frameLabel(plan, i);
      if (!lab.codes.length) continue;
      const d = distanceAt(plan, t);
      const s = sceneAt(plan, t);
      // sceneAt builds the planned defects within [-1, 30] radii, in plan order
      const built = plan.defects.filter((pd) => (pd.positionM - d) / R >= -1 && (pd.positionM - d) / R <= 30);
      expect(built.map((pd) => pd.code)).toEqual(s.defects.map((x) => x.code));
      const visible = built.map((pd) => isVisible(plan, pd, d));
      expect([...new Set(built.filter((_, k) => visible[k]).map((pd) => pd.code))].sort()).toEqual([...lab.codes].sort());
      for (let k = 0; k < built.length; k++) {
        if (!visible[k]) continue;
        const without = renderScene({ ...s, defects: s.defects.filter((_, j) => j !== k) }, { distanceM: d, tS: t });
        const withIt = renderScene(s, { distanceM: d, tS: t });
        let changed = 0;
        for (let q = 0; q < withIt.length; q += 3) if (Math.abs(withIt[q] - without[q]) + Math.abs(withIt[q + 1] - without[q + 1]) + Math.abs(withIt[q + 2] - without[q + 2]) > 20) changed++;
        expect(changed, `${built[k].code} at ${(built[k].positionM - d).toFixed(2)} m ahead`).toBeGreaterThan(0);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
