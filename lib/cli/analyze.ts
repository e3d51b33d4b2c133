import fs from 'node:fs';
import path from 'node:path';
import { parseCli } from './args';

const USAGE = `usage: sewer analyze VIDEO --json OUT.json [--pdf OUT.pdf] [--fps N] [--length M] [--asset-id ID]
                     [--material M] [--diameter MM] [--data-dir DIR]
  Runs the whole pipeline headless (PGlite in a temporary folder, or --data-dir, or DATABASE_URL).
  Segment metadata comes from VIDEO's .labels.json when present (synthetic videos), else the flags.`;

interface SynthLabels {
  segment?: { id?: string; material?: string; diameter_m?: number; length_m?: number };
  observations?: { code: string; start_s: number; end_s: number }[];
}

const MATERIALS: Record<string, string> = { clay: 'vitrified clay', concrete: 'concrete', pvc: 'PVC', brick: 'brick', 'cast iron': 'cast iron', cast_iron: 'cast iron' };

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCli(
    argv,
    {
      json: { type: 'string' },
      pdf: { type: 'string' },
      fps: { type: 'string' },
      length: { type: 'string' },
      'asset-id': { type: 'string' },
      material: { type: 'string' },
      diameter: { type: 'string' },
      'data-dir': { type: 'string' },
      'chunk-seconds': { type: 'string' },
    },
    true,
  );
  const video = positionals[0];
  if (!video || positionals.length > 1) throw new Error(USAGE);
  if (!values.json && !values.pdf) throw new Error(`--json and/or --pdf is required\n${USAGE}`);
  if (!fs.existsSync(video)) throw new Error(`${video}: no such file`);

  const labelsFile = video.replace(/\.[^.]+$/, '.labels.json');
  const labels: SynthLabels = fs.existsSync(labelsFile) ? JSON.parse(fs.readFileSync(labelsFile, 'utf8')) : {};
  const env: Record<string, string> = {};
  if (values.fps) env.SEWER_SAMPLE_FPS = values.fps;
  if (values['chunk-seconds']) env.SEWER_CHUNK_SECONDS = values['chunk-seconds'];

  const { openHeadless } = await import('../headless');
  const { createSegment } = await import('../services/segments/create-segment');
  const { importVideo } = await import('../services/inspections/import-video');
  const { inspectionSummary } = await import('../services/inspections/inspection-summary');

  const h = await openHeadless({ env, dataDir: values['data-dir'] });
  const t0 = performance.now();
  try {
    const base = path.basename(video).replace(/\.[^.]+$/, '');
    const seg = await createSegment(h.ctx, {
      assetId: `${values['asset-id'] ?? labels.segment?.id ?? base}-${Date.now().toString(36)}`.replace(/[^\p{L}\p{N}._\-/ ]/gu, '_'),
      upstreamManhole: 'MH-A',
      downstreamManhole: 'MH-B',
      diameterMm: Number(values.diameter ?? Math.round((labels.segment?.diameter_m ?? 0.3) * 1000)),
      material: values.material ?? MATERIALS[labels.segment?.material ?? ''] ?? 'other',
      lengthM: Number(values.length ?? labels.segment?.length_m ?? 50),
      direction: 'downstream',
      location: '',
      inspectionDate: new Date().toISOString().slice(0, 10),
      operator: 'sewer analyze',
    });
    const insp = await importVideo(h.ctx, { segmentId: seg.id, file: path.resolve(video) });
    let lastPct = -1;
    const d = await h.waitSettled(insp.id, {
      onProgress: ({ progress }) => {
        const pct = Math.floor((progress.fraction ?? 0) * 100);
        if (pct !== lastPct && process.stderr.isTTY) process.stderr.write(`\ranalyze: ${progress.status} ${pct}% (${progress.framesDone}/${progress.framesExpected ?? '?'} frames)`);
        lastPct = pct;
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const wallS = (performance.now() - t0) / 1000;
    if (d.inspection.status === 'failed') {
      console.error(`analyze: ${d.inspection.error}`);
      return 1;
    }
    const base_ = await inspectionSummary(h.ctx, insp.id);
    // Synthetic videos carry their truth: report event-level agreement with it.
    const { matchLabels, REACH_R } = await import('../analysis/video-truth');
    const found = base_.observations.map((o) => ({ code: o.code, startS: o.start_s, endS: o.end_s }));
    const match = labels.observations ? matchLabels(found, labels) : undefined;
    const summary = { ...base_, wall_s: Math.round(wallS * 10) / 10, ...(match ? { truth_match: match.reached, truth_match_strict: match.strict } : {}) };
    if (values.json) fs.writeFileSync(values.json, JSON.stringify(summary, null, 2));
    if (values.pdf) {
      const { writeInspectionPdf } = await import('../reports/pdf-cli');
      await writeInspectionPdf(h.ctx, insp.id, values.pdf);
    }
    const v = d.inspection.video!;
    console.error(
      `analyze: ${summary.frames} frames, ${summary.observations.length} observations, quick rating ${summary.ratings?.quick ?? '—'}; ` +
        `${wallS.toFixed(1)} s wall for ${v.durationS.toFixed(1)} s of video (${(v.durationS / wallS).toFixed(2)}× real time)`,
    );
    if (match) {
      const { reached: m, strict } = match;
      const notReached = m.optionalTruths ? `; ${m.optionalTruths} not reached (farther than ${REACH_R} radii when the video ends): strict precision ${strict.precision.toFixed(3)} recall ${strict.recall.toFixed(3)}` : '';
      console.error(`analyze: vs labels: event precision ${m.precision.toFixed(3)} recall ${m.recall.toFixed(3)} (${m.matchedTruths}/${m.truths} true events found, ${m.matchedDetections}/${m.detections} detections right${notReached})`);
    }
    return 0;
  } finally {
    await h.close();
  }
}
