import { matchEvents, type EventMatch, type TimedEvent } from './event-match';

/**
 * The true events of a generated video (its `labels.json`, lib/synth/video-plan.ts) for
 * event-level matching.
 *
 * The labels call a defect visible from 6 pipe radii ahead down to 0.6; a video simply stops,
 * mid-pipe, when its time is up. A defect that was still farther ahead than `reachR` radii when
 * the recording stopped was never approached: it is a few pixels in the dark far field for its
 * whole event, and an inspector would code it where the camera passes it, in the next video.
 * With `reachR` finite such events are `optional` (neither required nor wrong to find, see
 * matchEvents); `reachR: Infinity` keeps every labelled event required (the strict count).
 */
export const REACH_R = 2;

interface LabelObservation {
  code: string;
  start_s: number;
  end_s: number;
  end_m?: number;
  position_m?: number;
}

export interface VideoLabels {
  segment?: { diameter_m?: number; length_m?: number };
  observations?: LabelObservation[];
}

/** Closest approach (pipe radii between camera and defect) during the event, when the labels say. */
export function closestApproachR(o: LabelObservation, radiusM: number | undefined): number | undefined {
  if (o.position_m == null || o.end_m == null || !radiusM) return undefined;
  return (o.position_m - o.end_m) / radiusM;
}

export function truthFromLabels(labels: VideoLabels, opts: { reachR?: number } = {}): TimedEvent[] {
  const reachR = opts.reachR ?? REACH_R;
  const radiusM = labels.segment?.diameter_m ? labels.segment.diameter_m / 2 : undefined;
  return (labels.observations ?? []).map((o) => {
    const closest = closestApproachR(o, radiusM);
    const optional = closest !== undefined && closest > reachR + 1e-9;
    return { code: o.code, startS: o.start_s, endS: o.end_s, ...(optional ? { optional } : {}) };
  });
}

/** Detections against a video's labels, both ways: events the camera reached (`reached`) and every labelled event (`strict`). */
export function matchLabels(found: readonly TimedEvent[], labels: VideoLabels): { reached: EventMatch; strict: EventMatch } {
  return { reached: matchEvents(found, truthFromLabels(labels)), strict: matchEvents(found, truthFromLabels(labels, { reachR: Infinity })) };
}
