/**
 * Tunes the frames → observations settings of the shipped model on generated videos.
 *   npx tsx scripts/tune-events.ts --videos a.mp4,b.mp4,… [--model models/sewer-mobilenet] [--write] [--top 10]
 * Each video needs its `.labels.json` (what `npm run sewer -- synth video` writes). The frame
 * scores of each video come from one headless run of the real pipeline and are cached beside the
 * video (`F.scores-<model>.json`). Prints the best settings; --write stores the best one in the
 * model's manifest (`eventDetection`), which the pipeline then uses. Tune on videos that are NOT
 * the ones you report event precision/recall on. --defaults skips the search and prints the built-in
 * settings' result per video and per code (what docs/event-detection.md reports), with every
 * threshold multiplied by --scale (and, with --min-duration S, runs shorter than S seconds dropped instead
 * of the built-in minimum; --gap S, --low F, --median N replace the gap merging, stay-on factor and median
 * window the same way); with --write it stores that scale and those settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { parseCli } from '../lib/cli/args';
import { DEFAULT_GRID, scaledThresholds, tuneEventSettings, type TuningVideo } from '../lib/analysis/event-tuning';
import { framesToObservations, OBSERVATION_DEFAULTS, type FrameScores, type ObservationOptions } from '../lib/analysis/observations';
import { matchLabels, REACH_R, truthFromLabels, type VideoLabels } from '../lib/analysis/video-truth';
import { thresholdsFromRecord } from '../lib/ml/metrics';
import { DEFECT_CODES, type DefectCode } from '../lib/taxonomy/codes';

const { values } = parseCli(process.argv.slice(2), {
  videos: { type: 'string' },
  model: { type: 'string', default: 'models/sewer-mobilenet' },
  write: { type: 'boolean', default: false },
  top: { type: 'string', default: '8' },
  defaults: { type: 'boolean', default: false },
  scale: { type: 'string', default: '1' },
  'min-duration': { type: 'string' },
  gap: { type: 'string' },
  low: { type: 'string' },
  median: { type: 'string' },
});
if (!values.videos) throw new Error('usage: tune-events --videos a.mp4,b.mp4 [--model DIR] [--write]');
const modelDir = values.model!;
const manifestFile = path.join(modelDir, 'manifest.json');
const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
const modelTag = `${manifest.name}@${manifest.version}`;

async function frameScores(video: string): Promise<FrameScores[]> {
  const cache = video.replace(/\.[^.]+$/, `.scores-${modelTag.replace(/[^\w.@-]/g, '_')}.json`);
  if (fs.existsSync(cache)) return JSON.parse(fs.readFileSync(cache, 'utf8'));
  const { openHeadless } = await import('../lib/headless');
  const { createSegment } = await import('../lib/services/segments/create-segment');
  const { importVideo } = await import('../lib/services/inspections/import-video');
  const { frames } = await import('../lib/db/schema');
  const h = await openHeadless({ env: { SEWER_MODEL: path.resolve(modelDir) } });
  try {
    const seg = await createSegment(h.ctx, {
      assetId: `tune-${path.basename(video)}`.replace(/[^\w.-]/g, '_'),
      upstreamManhole: 'A',
      downstreamManhole: 'B',
      diameterMm: 300,
      material: 'concrete',
      lengthM: 50,
      direction: 'downstream',
      location: '',
      inspectionDate: new Date().toISOString().slice(0, 10),
      operator: 'tune-events',
    });
    const insp = await importVideo(h.ctx, { segmentId: seg.id, file: path.resolve(video) });
    const d = await h.waitSettled(insp.id);
    if (d.inspection.status !== 'done') throw new Error(`${video}: analysis ${d.inspection.status}: ${d.inspection.error}`);
    const rows = await h.ctx.db
      .select({ index: frames.frameIndex, t: frames.tS, scores: frames.scores, model: frames.model })
      .from(frames)
      .where(eq(frames.inspectionId, insp.id))
      .orderBy(asc(frames.frameIndex));
    if (rows.some((r) => r.model !== modelTag)) throw new Error(`${video}: frames were scored by ${rows[0]?.model}, not ${modelTag}`);
    const out = rows.map((r) => ({ index: r.index, t: r.t, scores: r.scores! }));
    fs.writeFileSync(cache, JSON.stringify(out));
    return out;
  } finally {
    await h.close();
  }
}

const videos: TuningVideo[] = [];
const labelsOf = new Map<string, VideoLabels>();
for (const v of values.videos.split(',')) {
  const labels = JSON.parse(fs.readFileSync(v.replace(/\.[^.]+$/, '.labels.json'), 'utf8'));
  // Tuning and the first numbers use the events the camera reached (video-truth.ts); --defaults also prints the strict count.
  const truth = truthFromLabels(labels);
  videos.push({ name: path.basename(v), frames: await frameScores(v), truth });
  labelsOf.set(path.basename(v), labels);
  console.error(`tune-events: ${v}: ${videos.at(-1)!.frames.length} frames, ${truth.length} true events (${truth.filter((t) => t.optional).length} not reached)`);
}
const list = thresholdsFromRecord(manifest.thresholds ?? {});
const thresholds = Object.fromEntries(DEFECT_CODES.map((c, i) => [c, list[i]])) as Record<DefectCode, number>;
const fmt = (x: number) => x.toFixed(3);

function writeEventDetection(thresholdScale: number, options: Required<ObservationOptions>, meanF1: number, meanF1Strict?: number): void {
  manifest.eventDetection = {
    thresholdScale,
    options,
    tunedOn: videos.map((v) => v.name),
    meanF1: Number(fmt(meanF1)),
    ...(meanF1Strict === undefined ? {} : { meanF1Strict: Number(fmt(meanF1Strict)) }),
    command: `npx tsx scripts/tune-events.ts ${process.argv.slice(2).join(' ')}`,
  };
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`wrote eventDetection to ${manifestFile}`);
}

if (values.defaults) {
  const scale = Number(values.scale);
  if (!(scale > 0)) throw new Error(`--scale must be a positive number, got "${values.scale}"`);
  const minDurationS = values['min-duration'] === undefined ? OBSERVATION_DEFAULTS.minDurationS : Number(values['min-duration']);
  if (!(minDurationS >= 0)) throw new Error(`--min-duration must be a number of seconds ≥ 0, got "${values['min-duration']}"`);
  const option = (name: 'gap' | 'low' | 'median', def: number, ok: (v: number) => boolean): number => {
    const raw = values[name];
    if (raw === undefined) return def;
    const v = Number(raw);
    if (!ok(v)) throw new Error(`--${name}: not a valid value, got "${raw}"`);
    return v;
  };
  const settings: Required<ObservationOptions> = {
    ...OBSERVATION_DEFAULTS,
    minDurationS,
    maxGapS: option('gap', OBSERVATION_DEFAULTS.maxGapS, (v) => v >= 0),
    lowFactor: option('low', OBSERVATION_DEFAULTS.lowFactor, (v) => v > 0 && v <= 1),
    medianWindow: option('median', OBSERVATION_DEFAULTS.medianWindow, (v) => Number.isInteger(v) && v >= 1 && v % 2 === 1),
  };
  const changed = (['maxGapS', 'lowFactor', 'medianWindow'] as const).filter((k) => settings[k] !== OBSERVATION_DEFAULTS[k]).map((k) => `${k} ${settings[k]}`);
  const byCode = new Map<string, number[]>();
  let p = 0, r = 0, f = 0;
  const strict = [0, 0, 0];
  for (const v of videos) {
    const found = framesToObservations(v.frames, scaledThresholds(thresholds, scale), settings).map((o) => ({ code: o.code, startS: o.startS, endS: o.endS }));
    const { reached: m, strict: s } = matchLabels(found, labelsOf.get(v.name)!);
    const extra = m.optionalTruths ? `; ${m.optionalTruths} not reached, ${m.ignoredDetections} observations of them; strict P ${fmt(s.precision)} R ${fmt(s.recall)}` : '';
    console.log(`  ${v.name}: precision ${fmt(m.precision)} recall ${fmt(m.recall)} (${m.matchedDetections}/${m.detections} observations right, ${m.matchedTruths}/${m.truths} events found${extra})`);
    p += m.precision / videos.length; r += m.recall / videos.length; f += m.f1 / videos.length;
    strict[0] += s.precision / videos.length; strict[1] += s.recall / videos.length; strict[2] += s.f1 / videos.length;
    for (const [c, b] of Object.entries(m.byCode)) {
      const t = byCode.get(c) ?? [0, 0, 0, 0];
      byCode.set(c, [t[0] + b.matchedTruths, t[1] + b.truths, t[2] + b.matchedDetections, t[3] + b.detections]);
    }
  }
  console.log(`built-in defaults${minDurationS === OBSERVATION_DEFAULTS.minDurationS ? '' : ` with minimum run ${minDurationS} s`}${changed.length ? `, ${changed.join(', ')}` : ''}, thresholds × ${scale}, on ${videos.length} videos (${modelTag}): mean precision ${fmt(p)}, recall ${fmt(r)}, F1 ${fmt(f)} (events reached, within ${REACH_R} radii)`);
  console.log(`  strict (every labelled event): mean precision ${fmt(strict[0])}, recall ${fmt(strict[1])}, F1 ${fmt(strict[2])}`);
  console.log('  code: events found / events, observations right / observations');
  for (const c of DEFECT_CODES) if (byCode.has(c)) console.log(`  ${c}: ${byCode.get(c)![0]}/${byCode.get(c)![1]}, ${byCode.get(c)![2]}/${byCode.get(c)![3]}`);
  if (values.write) writeEventDetection(scale, settings, f, strict[2]);
  process.exit(0);
}
const results = tuneEventSettings(videos, thresholds, DEFAULT_GRID);
const baseline = results.find((r) => r.thresholdScale === 1 && r.options.medianWindow === 3 && r.options.lowFactor === 0.6 && r.options.maxGapS === 1 && r.options.minDurationS === OBSERVATION_DEFAULTS.minDurationS);
console.log(`${results.length} settings on ${videos.length} videos (${modelTag}); mean event F1 / worst F1 / mean P / mean R:`);
for (const r of results.slice(0, Number(values.top))) {
  const o = r.options;
  console.log(`  scale ${r.thresholdScale} median ${o.medianWindow} low ${o.lowFactor} gap ${o.maxGapS}s min ${o.minDurationS}s:  ${fmt(r.meanF1)} / ${fmt(r.minF1)} / ${fmt(r.meanPrecision)} / ${fmt(r.meanRecall)}`);
}
if (baseline) console.log(`  (built-in defaults: ${fmt(baseline.meanF1)} / ${fmt(baseline.minF1)} / ${fmt(baseline.meanPrecision)} / ${fmt(baseline.meanRecall)})`);
if (values.write) writeEventDetection(results[0].thresholdScale, results[0].options, results[0].meanF1);
