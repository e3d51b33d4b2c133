import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { chunkFile, concatDatasets, DEFAULT_STREAM_MIX, parseStreamMix, partCounts, partSeed, produceChunks, TEXTURE_EMPHASIS, waitForChunk } from '../../lib/ml/still-stream';
import { readDatasetCache } from '../../lib/ml/train-cache';
import type { SewerMlDataset } from '../../lib/ml/dataset';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'sewer-stream-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

function tinyDs(n: number, fill: number): SewerMlDataset {
  const S = 2;
  return {
    n,
    inputSize: S,
    images: new Uint8Array(n * S * S * 3).fill(fill),
    labels: new Uint8Array(n * DEFECT_CODES.length).fill(fill % 2),
    water: new Int8Array(n).fill(fill % 4),
    files: Array.from({ length: n }, (_, i) => `${fill}-${i}`),
  };
}

describe('still stream', () => {
  it('splits a chunk into the mix exactly, with seeds that never repeat across chunks and parts', () => {
    for (const total of [10, 24, 6000, 6001]) {
      const c = partCounts(total, DEFAULT_STREAM_MIX);
      expect(c.reduce((s, x) => s + x, 0)).toBe(total);
      expect(c.every((x) => x >= 0)).toBe(true);
    }
    expect(partCounts(6000, DEFAULT_STREAM_MIX)).toEqual([3840, 1140, 1020, 0]);
    const seeds = new Set<number>();
    for (let k = 0; k < 200; k++) for (let p = 0; p < DEFAULT_STREAM_MIX.length; p++) seeds.add(partSeed(37, k, p));
    expect(seeds.size).toBe(200 * DEFAULT_STREAM_MIX.length);
    // The held-out seeds are never drawn.
    for (const held of [990001, 990002]) expect(seeds.has(held)).toBe(false);
  });

  it('parses --mix into the default parts, in their places, and rejects what it cannot use', () => {
    const mix = parseStreamMix('strong:0.3, normal:0.5,near:0.2');
    expect(mix.map((p) => [p.name, p.share, p.lighting])).toEqual([['normal', 0.5, 'normal'], ['strong', 0.3, 'strong'], ['near', 0.2, 'normal'], ['texture', 0, 'normal']]);
    expect(mix[2].zRange).toEqual(DEFAULT_STREAM_MIX[2].zRange);
    expect(partCounts(6000, mix)).toEqual([3000, 1800, 1200, 0]);
    // A part left out renders nothing, and rounding never gives it a still.
    const onlyStrong = parseStreamMix('strong:1,near:2');
    expect(partCounts(7, onlyStrong)).toEqual([0, 2, 5, 0]);
    const texture = parseStreamMix('normal:0.5,texture:0.5');
    expect(texture[3].emphasis).toEqual(TEXTURE_EMPHASIS);
    expect(partCounts(10, texture)).toEqual([5, 0, 0, 5]);
    expect(() => parseStreamMix('normal:0.5,dark:0.5')).toThrow(/unknown part "dark"/);
    expect(() => parseStreamMix('normal=0.5')).toThrow(/name:share/);
    expect(() => parseStreamMix('normal:1,normal:2')).toThrow(/twice/);
    expect(() => parseStreamMix('normal:0,strong:0')).toThrow(/above 0/);
  });

  it('concatenates data sets row for row', () => {
    const all = concatDatasets([tinyDs(2, 3), tinyDs(3, 8)]);
    expect(all.n).toBe(5);
    expect(all.images.length).toBe(5 * 12);
    expect([all.images[0], all.images[2 * 12 - 1], all.images[2 * 12], all.images.at(-1)]).toEqual([3, 3, 8, 8]);
    expect([all.labels[0], all.labels[2 * DEFECT_CODES.length]]).toEqual([1, 0]);
    expect(Array.from(all.water)).toEqual([3, 3, 0, 0, 0]);
    expect(all.files).toEqual(['3-0', '3-1', '8-0', '8-1', '8-2']);
  });

  it('produces normalized chunk caches atomically and skips chunks that already exist', async () => {
    const out = path.join(tmp, 'chunks');
    const lines: string[] = [];
    const written = await produceChunks({ out, chunk: 12, chunks: 2, seed: 3, inputSize: 32, normalization: config().normalization, log: (l) => lines.push(l) });
    expect(written).toEqual([chunkFile(out, 0), chunkFile(out, 1)]);
    expect((await readdir(out)).sort()).toEqual(['chunk-0000.sewerds.gz', 'chunk-0001.sewerds.gz']);
    const a = await readDatasetCache(chunkFile(out, 0));
    const b = await readDatasetCache(chunkFile(out, 1));
    expect(a.normalized).toBe(true);
    expect(a.ds.n).toBe(12);
    expect(a.ds.inputSize).toBe(32);
    expect(a.source).toMatch(/strong lighting/);
    expect(a.ds.files.filter((f) => f.startsWith('near/')).length).toBe(partCounts(12, DEFAULT_STREAM_MIX)[2]);
    // Fresh stills: the two chunks are different images.
    expect(Buffer.compare(Buffer.from(a.ds.images), Buffer.from(b.ds.images))).not.toBe(0);
    expect(lines).toHaveLength(2);
    // Re-running resumes: nothing is re-rendered.
    expect(await produceChunks({ out, chunk: 12, chunks: 2, seed: 3, inputSize: 32, normalization: config().normalization, log: () => {} })).toEqual([]);
  }, 120_000);

  it('renders a texture part with its emphasis and says so in the chunk recipe', async () => {
    const out = path.join(tmp, 'texture');
    await produceChunks({ out, chunk: 40, chunks: 1, seed: 5, inputSize: 32, normalization: config().normalization, mix: parseStreamMix('texture:1'), log: () => {} });
    const { ds, source } = await readDatasetCache(chunkFile(out, 0));
    expect(ds.files.every((f) => f.startsWith('texture/'))).toBe(true);
    expect(source).toMatch(/40 texture \(seed 500003, normal lighting, 0\.2 normal, RB×3 OB×3 BE×3 PH×2 RO×1\.5\)/);
    // RB, OB and BE are 3 of ~22 weight units among 17 codes: far more than 3/17 of the labels.
    const col = (c: string) => DEFECT_CODES.indexOf(c as (typeof DEFECT_CODES)[number]);
    let texture = 0;
    let all = 0;
    for (let i = 0; i < ds.n; i++) {
      for (let c = 0; c < DEFECT_CODES.length; c++) {
        const v = ds.labels[i * DEFECT_CODES.length + c];
        all += v;
        if ([col('RB'), col('OB'), col('BE')].includes(c)) texture += v;
      }
    }
    expect(texture / all).toBeGreaterThan(0.3);
  }, 120_000);

  it('waits for a chunk that appears later and names the producer when one never does', async () => {
    const dir = path.join(tmp, 'wait');
    await produceChunks({ out: dir, chunk: 10, chunks: 0, seed: 1, inputSize: 16, normalization: config().normalization });
    setTimeout(() => void writeFile(chunkFile(dir, 0), 'x'), 150);
    await expect(waitForChunk(dir, 0, 5000, 20)).resolves.toBe(chunkFile(dir, 0));
    await expect(waitForChunk(dir, 1, 100, 20)).rejects.toThrow(/chunk-0001\.sewerds\.gz did not appear .*`sewer synth stream --out .*--resume/);
  });
});
