import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFECT_CODES, type DefectCode } from '../../lib/taxonomy/codes';
import { STILL_Z_RANGE } from '../../lib/synth/defects';
import { renderFrame } from '../../lib/synth/frame';
import { createRng, hash32 } from '../../lib/synth/prng';
import { sampleScene } from '../../lib/synth/scene';
import { renderScene } from '../../lib/synth/render';
import { CSV_HEADER, writeDataset } from '../../lib/synth/dataset';
import { sampleCodes } from '../../lib/synth/sampling';
import { formatDistance, sampleOverlay } from '../../lib/synth/overlay';

const W = 96;
const H = 96;

describe('synth renderer', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = renderFrame(42, 3, { width: W, height: H });
    const b = renderFrame(42, 3, { width: W, height: H });
    const c = renderFrame(43, 3, { width: W, height: H });
    expect(Buffer.from(a.rgb).equals(Buffer.from(b.rgb))).toBe(true);
    expect(a.codes).toEqual(b.codes);
    expect(Buffer.from(a.rgb).equals(Buffer.from(c.rgb))).toBe(false);
  });

  it('places still-frame defects within the default viewing range, or within zRange when given', () => {
    for (let i = 0; i < 20; i++) {
      const def = renderFrame(7, i, { width: 32, height: 32, codes: ['RB', 'AF'] });
      const near = renderFrame(7, i, { width: 32, height: 32, codes: ['RB', 'AF'], zRange: [0.6, 0.7] });
      for (const d of def.scene.defects) expect(d.z >= STILL_Z_RANGE[0] && d.z <= STILL_Z_RANGE[1]).toBe(true);
      for (const d of near.scene.defects) expect(d.z >= 0.6 && d.z <= 0.7).toBe(true);
    }
  });

  it.each(DEFECT_CODES.map((c) => [c]))('renders and labels %s (pixels differ from the same scene without it)', (code) => {
    let best = 0;
    for (let k = 0; k < 3; k++) {
      const seed = hash32(k, 77);
      const f = renderFrame(seed, 0, { width: 128, height: 128, codes: [code as DefectCode], labels: 'placed' });
      expect(f.codes).toEqual([code]);
      expect(f.scene.defects.map((d) => d.code)).toEqual([code]);
      // the identical scene without the defect: same rng stream, defect list dropped
      const clean = { ...f.scene, defects: [] };
      const plain = renderScene(clean, { distanceM: f.distanceM, tS: f.tS });
      let changed = 0;
      for (let i = 0; i < plain.length; i += 3) {
        const d = Math.abs(plain[i] - f.rgb[i]) + Math.abs(plain[i + 1] - f.rgb[i + 1]) + Math.abs(plain[i + 2] - f.rgb[i + 2]);
        if (d > 30) changed++;
      }
      best = Math.max(best, changed / (128 * 128));
    }
    // at least 0.3 % of the frame visibly changed in one of three random scenes
    expect(best).toBeGreaterThan(0.003);
  });

  it('samples ~40 % normal frames and every class under balanced sampling', () => {
    const rng = createRng(5);
    const seen = new Map<string, number>();
    let normal = 0;
    const n = 4000;
    for (let i = 0; i < n; i++) {
      const codes = sampleCodes(rng, 0.4, 'balanced');
      if (codes.length === 0) normal++;
      for (const c of codes) seen.set(c, (seen.get(c) ?? 0) + 1);
      expect(new Set(codes).size).toBe(codes.length);
    }
    expect(normal / n).toBeGreaterThan(0.35);
    expect(normal / n).toBeLessThan(0.45);
    for (const c of DEFECT_CODES) expect(seen.get(c) ?? 0).toBeGreaterThan(n * 0.03);
  });

  it('emphasis draws the emphasized codes more often, together, and changes nothing when absent', () => {
    const count = (emphasis?: Record<string, number>) => {
      const rng = createRng(9);
      const seen = new Map<string, number>();
      let together = 0;
      const draws: string[] = [];
      for (let i = 0; i < 4000; i++) {
        const codes = sampleCodes(rng, 0.4, 'balanced', emphasis);
        for (const c of codes) seen.set(c, (seen.get(c) ?? 0) + 1);
        if (codes.includes('RB') && codes.includes('OB')) together++;
        draws.push(codes.join('+'));
      }
      return { seen, together, draws };
    };
    const plain = count();
    expect(count({}).draws).toEqual(plain.draws);
    const emph = count({ RB: 3, OB: 3 });
    for (const c of ['RB', 'OB']) expect(emph.seen.get(c)!).toBeGreaterThan(2 * plain.seen.get(c)!);
    expect(emph.seen.get('FS')!).toBeLessThan(plain.seen.get('FS')!);
    expect(emph.together).toBeGreaterThan(3 * plain.together);
  });

  it('water level lands in the requested Sewer-ML bin', () => {
    const bounds = [0, 0.05, 0.15, 0.3, 1];
    for (let bin = 0; bin < 4; bin++)
      for (let k = 0; k < 20; k++) {
        const s = sampleScene(createRng(k * 10 + bin), { width: 32, height: 32, waterBin: bin });
        expect(s.waterBin).toBe(bin);
        expect(s.waterLevel).toBeGreaterThanOrEqual(bounds[bin]);
        expect(s.waterLevel).toBeLessThan(bounds[bin + 1]);
      }
  });

  it('prints the running distance as CCTV overlays do', () => {
    const spec = { ...sampleOverlay(createRng(1)), distancePrefix: 'LZ: ' };
    expect(formatDistance(spec, 12.4)).toBe('LZ: 012.40 m');
    expect(formatDistance(spec, 0.056)).toBe('LZ: 000.05 m');
  });
});

describe('synth dataset', () => {
  it('writes images, a Sewer-ML CSV and meta.jsonl that agree', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-ds-'));
    try {
      const res = await writeDataset({ out: dir, count: 12, seed: 9, width: 64, height: 64 });
      const lines = fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n');
      expect(lines[0]).toBe(CSV_HEADER);
      expect(lines[0]).toBe('Filename,RB,OB,PF,DE,FS,IS,RO,IN,AF,BE,FO,GR,PH,PB,OS,OP,OK,ND,VA');
      expect(lines).toHaveLength(13);
      const meta = fs.readFileSync(path.join(dir, 'meta.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      let normal = 0;
      lines.slice(1).forEach((line, i) => {
        const cols = line.split(',');
        expect(cols).toHaveLength(20);
        const [file, ...rest] = cols;
        const flags = rest.slice(0, 17).map(Number);
        const nd = Number(rest[17]);
        const va = Number(rest[18]);
        expect(fs.existsSync(path.join(dir, 'images', file))).toBe(true);
        expect(flags.every((v) => v === 0 || v === 1)).toBe(true);
        expect(nd).toBe(flags.some((v) => v === 1) ? 0 : 1);
        expect([0, 1, 2, 3]).toContain(va);
        expect(meta[i].file).toBe(file);
        expect(meta[i].codes).toEqual(DEFECT_CODES.filter((_, k) => flags[k] === 1));
        expect(meta[i].water_bin).toBe(va);
        if (nd) normal++;
      });
      expect(normal).toBe(res.normal);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('strong re-lighting (robustness set)', () => {
  it('keeps the scene and its placed defects, changes only the light', () => {
    const a = renderFrame(77, 5, { width: 96, height: 96, labels: 'placed' });
    const b = renderFrame(77, 5, { width: 96, height: 96, lighting: 'strong', labels: 'placed' });
    expect(b.codes).toEqual(a.codes);
    expect(b.scene.defects).toEqual(a.scene.defects);
    expect(b.scene.waterLevel).toBe(a.scene.waterLevel);
    expect([b.distanceM, b.tS]).toEqual([a.distanceM, a.tS]);
    expect(b.scene.light).not.toEqual(a.scene.light);
    expect(b.scene.light.shadowAmp).toBeGreaterThanOrEqual(0.6);
    let diff = 0;
    for (let i = 0; i < a.rgb.length; i++) diff += Math.abs(a.rgb[i] - b.rgb[i]);
    expect(diff / a.rgb.length).toBeGreaterThan(10);
  });
});
