import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeVideo } from '../../lib/synth/video';
import { createSegment } from '../../lib/services/segments/create-segment';
import { importVideo } from '../../lib/services/inspections/import-video';
import { inspectionSummary } from '../../lib/services/inspections/inspection-summary';
import { matchLabels, type VideoLabels } from '../../lib/analysis/video-truth';
import { startWorker } from '../../workers/runtime';
import { tempDir } from '../fixtures/make-video';
import { makeTestContext, postgresAvailable, waitFor } from './helpers/test-context';

/**
 * The whole pipeline on a synthetic inspection with known defects: event-level agreement with
 * the truth (same code, overlapping time) must not regress, and cutting the video into chunk
 * jobs must not change a single observation.
 */
const dir = tempDir('sewer-analysis-');
const video = path.join(dir, 'inspection.mp4');
let labels: VideoLabels = {};
let lengthM = 30;

beforeAll(async () => {
  // 10 fps is plenty for 5 fps sampling and halves the render time.
  await writeVideo({ out: video, seconds: 36, seed: 4242, fps: 10, width: 480, height: 384 });
  labels = JSON.parse(fs.readFileSync(video.replace(/\.mp4$/, '.labels.json'), 'utf8'));
  lengthM = labels.segment?.length_m ?? lengthM;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function analyze(kind: 'pglite' | 'postgres', chunkSeconds: number) {
  const t = await makeTestContext(kind, { SEWER_CHUNK_SECONDS: String(chunkSeconds) });
  const worker = await startWorker(t.ctx, { log: () => undefined });
  try {
    const seg = await createSegment(t.ctx, {
      assetId: `AN-${kind}-${chunkSeconds}`, upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'concrete',
      lengthM, direction: 'downstream', location: '', inspectionDate: '2026-11-01', operator: 'it',
    });
    const insp = await importVideo(t.ctx, { segmentId: seg.id, file: video });
    await waitFor(async () => {
      const s = await inspectionSummary(t.ctx, insp.id);
      return s.inspection.status === 'done' || s.inspection.status === 'failed';
    }, 280_000);
    return await inspectionSummary(t.ctx, insp.id);
  } finally {
    await worker.stop();
    await t.close();
  }
}

const key = (o: { code: string; start_s: number; end_s: number; grade: number }) => `${o.code}@${o.start_s.toFixed(2)}-${o.end_s.toFixed(2)}#${o.grade}`;

describe('analysis pipeline on a synthetic inspection', () => {
  it('finds the true defect events (PGlite), and chunked == unchunked', async () => {
    const chunked = await analyze('pglite', 10);
    const whole = await analyze('pglite', 1000);
    expect(chunked.inspection.status, chunked.inspection.error ?? '').toBe('done');
    expect(chunked.frames).toBe(whole.frames);
    expect(chunked.observations.map(key)).toEqual(whole.observations.map(key));
    expect(chunked.ratings).toEqual(whole.ratings);

    const found = chunked.observations.map((o) => ({ code: o.code, startS: o.start_s, endS: o.end_s }));
    const { strict: m, reached } = matchLabels(found, labels);
    console.log(`event-level precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)} (${m.matchedTruths}/${m.truths} truths, ${m.matchedDetections}/${m.detections} detections)`);
    console.log(`events the camera reached: precision ${reached.precision.toFixed(3)}, recall ${reached.recall.toFixed(3)} (${reached.optionalTruths} not reached)`);
    expect(m.truths).toBeGreaterThan(0);
    // Floors at the shipped models' level on this (deterministic) video — sewer-mobilenet 1.10.0 with its
    // event settings (thresholds × 1.1, runs of at least 0.6 s, same-code runs ≤ 3 s apart merged, one code per
    // connection, nested bursts absorbed) measured precision 0.500 (1/2), recall 0.200 (1/5) here (1.9.0: 0.333,
    // 0.200; 1.8.0: 0.500, 0.200; 1.7.0: 1.000, 0.600). The models since 1.8.0 are better on the eight validation
    // videos and on the held-out stills, worse on this one: the classifier scores the branches as connections with
    // a transition profile (OP) — the branch code clears its threshold for 0.2–0.4 s only, under the 0.6 s minimum
    // run — so a branch becomes a wrong OP observation; the surface damage at the start is still never scored high,
    // and a joint in view for the last 0.4 s is never reached (docs/event-detection.md).
    // The product target (≥ 0.8 both) is NOT met; raise these with every better model (MODEL_CARD.md).
    expect(m.precision).toBeGreaterThanOrEqual(0.33);
    expect(m.recall).toBeGreaterThanOrEqual(0.2);
  });

  it('gives the same observations on real PostgreSQL', async (c) => {
    if (!(await postgresAvailable())) return c.skip();
    const pg = await analyze('postgres', 10);
    const lite = await analyze('pglite', 10);
    expect(pg.inspection.status, pg.inspection.error ?? '').toBe('done');
    expect(pg.observations.map(key)).toEqual(lite.observations.map(key));
  });
});
