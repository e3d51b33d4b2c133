import type { DefectCode } from '../taxonomy/codes';

/**
 * Event-level agreement between detected observations and ground truth (e.g. a synthetic
 * video's labels.json): a pair matches when the codes agree and the time ranges overlap
 * (touching within `toleranceS` counts). Precision = detections that match some truth
 * event; recall = truth events matched by some detection.
 * An `optional` truth event (one the camera never reached, see video-truth.ts) is neither
 * required nor wrong to find: it is left out of recall, and a detection that matches only
 * optional events is left out of precision (like an "ignore" region in object detection).
 */
export interface TimedEvent {
  code: DefectCode | string;
  startS: number;
  endS: number;
  optional?: boolean;
}

export interface EventMatch {
  precision: number;
  recall: number;
  f1: number;
  detections: number;
  truths: number;
  matchedDetections: number;
  matchedTruths: number;
  /** Detections that matched only optional truth events (in neither precision nor recall). */
  ignoredDetections: number;
  /** Optional truth events (not counted in `truths`). */
  optionalTruths: number;
  /** Per code: [matched truths, truths, matched detections, detections]. */
  byCode: Record<string, { truths: number; matchedTruths: number; detections: number; matchedDetections: number }>;
}

/** Seconds by which two ranges may miss each other and still count as overlapping. */
const MATCH_TOLERANCE_S = 0.5;

/** The matching rule: same code, time ranges overlapping (or within `tol` seconds of each other). */
export function eventsOverlap(a: TimedEvent, b: TimedEvent, tol = MATCH_TOLERANCE_S): boolean {
  return a.code === b.code && a.startS <= b.endS + tol && b.startS <= a.endS + tol;
}

export function matchEvents(detected: readonly TimedEvent[], truth: readonly TimedEvent[], toleranceS = MATCH_TOLERANCE_S): EventMatch {
  const byCode: EventMatch['byCode'] = {};
  const slot = (c: string) => (byCode[c] ??= { truths: 0, matchedTruths: 0, detections: 0, matchedDetections: 0 });
  const required = truth.filter((t) => !t.optional);
  const optional = truth.filter((t) => t.optional);
  let md = 0;
  let nd = 0;
  let ignored = 0;
  for (const d of detected) {
    const hit = required.some((t) => eventsOverlap(d, t, toleranceS));
    if (!hit && optional.some((t) => eventsOverlap(d, t, toleranceS))) {
      ignored++;
      continue;
    }
    nd++;
    slot(d.code).detections++;
    if (hit) {
      md++;
      slot(d.code).matchedDetections++;
    }
  }
  let mt = 0;
  for (const t of required) {
    const hit = detected.some((d) => eventsOverlap(d, t, toleranceS));
    slot(t.code).truths++;
    if (hit) {
      mt++;
      slot(t.code).matchedTruths++;
    }
  }
  // Empty sets are perfect on their side: no detections → nothing wrong was claimed.
  const precision = nd ? md / nd : 1;
  const recall = required.length ? mt / required.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    detections: nd,
    truths: required.length,
    matchedDetections: md,
    matchedTruths: mt,
    ignoredDetections: ignored,
    optionalTruths: optional.length,
    byCode,
  };
}
