/**
 * What the frames → observations step loses with perfect frame scores (lib/analysis/truth-frames.ts):
 * the ceiling of the event-level counts, whatever the classifier.
 *   npx tsx scripts/event-oracle.ts --plans 4242:36:10:480x384,11:40:25:720x576 [--videos a.mp4,…]
 *     [--model models/sewer-mobilenet] [--plain] [--min-duration S] [--sample-fps 5]
 * --plans SEED:SECONDS:FPS:WxH builds a video's labels the way `synth video` does, without rendering a frame;
 * --videos reads the `.labels.json` beside each video. The settings are the model manifest's `eventDetection`
 * (what the pipeline uses); --plain turns off one-code-per-connection and nested-run absorption, --min-duration
 * replaces the minimum run. Prints each video's strict and reached precision / recall and the events missed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCli } from '../lib/cli/args';
import { OBSERVATION_DEFAULTS, type ObservationOptions } from '../lib/analysis/observations';
import { truthObservations, type FrameTruth } from '../lib/analysis/truth-frames';
import { eventsOverlap } from '../lib/analysis/event-match';
import { matchLabels, truthFromLabels, type VideoLabels } from '../lib/analysis/video-truth';
import { planSegment } from '../lib/synth/video-plan';
import { videoLabels } from '../lib/synth/video';

const { values } = parseCli(process.argv.slice(2), {
  plans: { type: 'string' },
  videos: { type: 'string' },
  model: { type: 'string', default: 'models/sewer-mobilenet' },
  plain: { type: 'boolean', default: false },
  'min-duration': { type: 'string' },
  'sample-fps': { type: 'string', default: '5' },
});
if (!values.plans && !values.videos) throw new Error('usage: event-oracle --plans SEED:SECONDS:FPS:WxH,… | --videos a.mp4,… [--model DIR] [--plain] [--min-duration S]');

const manifest = JSON.parse(fs.readFileSync(path.join(values.model!, 'manifest.json'), 'utf8'));
const options: Required<ObservationOptions> = { ...OBSERVATION_DEFAULTS, ...(manifest.eventDetection?.options ?? {}) };
if (values.plain) Object.assign(options, { oneCodePerConnection: false, absorbNested: false });
if (values['min-duration'] !== undefined) options.minDurationS = Number(values['min-duration']);
const sampleFps = Number(values['sample-fps']);

const videos: { name: string; labels: FrameTruth & VideoLabels }[] = [];
for (const spec of values.plans?.split(',') ?? []) {
  const m = /^(\d+):([\d.]+):([\d.]+):(\d+)x(\d+)$/.exec(spec);
  if (!m) throw new Error(`--plans: expected SEED:SECONDS:FPS:WxH, got "${spec}"`);
  const [seed, seconds, fps, w, h] = m.slice(1).map(Number);
  videos.push({ name: `seed ${seed}`, labels: videoLabels(planSegment(seed, seconds, fps, w, h), Math.round(seconds * fps)) });
}
for (const v of values.videos?.split(',') ?? []) {
  videos.push({ name: path.basename(v), labels: JSON.parse(fs.readFileSync(v.replace(/\.[^.]+$/, '.labels.json'), 'utf8')) });
}

const fmt = (x: number) => x.toFixed(3);
const mean = [0, 0, 0, 0];
for (const v of videos) {
  const found = truthObservations(v.labels, sampleFps, options);
  const { strict, reached } = matchLabels(found, v.labels);
  const missed = truthFromLabels(v.labels, { reachR: Infinity }).filter((t) => !found.some((d) => eventsOverlap(d, t)));
  console.log(`${v.name}: strict P ${fmt(strict.precision)} R ${fmt(strict.recall)}, reached P ${fmt(reached.precision)} R ${fmt(reached.recall)} (${found.length} observations, ${v.labels.observations?.length ?? 0} events)`);
  for (const t of missed) console.log(`  missed ${t.code} ${t.startS}–${t.endS} s`);
  [strict.precision, strict.recall, reached.precision, reached.recall].forEach((x, i) => (mean[i] += x / videos.length));
}
console.log(`mean over ${videos.length}: strict P ${fmt(mean[0])} R ${fmt(mean[1])}, reached P ${fmt(mean[2])} R ${fmt(mean[3])}`);
