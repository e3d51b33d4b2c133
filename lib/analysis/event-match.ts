import type { DefectCode } from '../taxonomy/codes';

/**
 * Event-level agreement between detected observations and ground truth (e.g. a synthetic
 * video's labels.json): a pair matches when the codes agree and the time ranges overlap
 * (touching within `toleranceS` counts). Precision = detections that match some truth
 * event; recall = truth events matched by some detection.
 */
export interface TimedEvent {
  code: DefectCode | string;
  startS: number;
  endS: number;
}

export interface EventMatch {
  precision: number;
  recall: number;
  f1: number;
  detections: number;
  truths: number;
  matchedDetections: number;
  matchedTruths: number;
  /** Per code: [matched truths, truths, matched detections, detections]. */
  byCode: Record<string, { truths: number; matchedTruths: number; detections: number; matchedDetections: number }>;
}

function overlaps(a: TimedEvent, b: TimedEvent, tol: number): boolean {
  return a.code === b.code && a.startS <= b.endS + tol && b.startS <= a.endS + tol;
}

export function matchEvents(detected: readonly TimedEvent[], truth: readonly TimedEvent[], toleranceS = 0.5): EventMatch {
  const byCode: EventMatch['byCode'] = {};
  const slot = (c: string) => (byCode[c] ??= { truths: 0, matchedTruths: 0, detections: 0, matchedDetections: 0 });
  let md = 0;
  for (const d of detected) {
    const hit = truth.some((t) => overlaps(d, t, toleranceS));
    slot(d.code).detections++;
    if (hit) {
      md++;
      slot(d.code).matchedDetections++;
    }
  }
  let mt = 0;
  for (const t of truth) {
    const hit = detected.some((d) => overlaps(d, t, toleranceS));
    slot(t.code).truths++;
    if (hit) {
      mt++;
      slot(t.code).matchedTruths++;
    }
  }
  // Empty sets are perfect on their side: no detections → nothing wrong was claimed.
  const precision = detected.length ? md / detected.length : 1;
  const recall = truth.length ? mt / truth.length : 1;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, detections: detected.length, truths: truth.length, matchedDetections: md, matchedTruths: mt, byCode };
}
