import type { Observation, Review, SegmentRatings } from '../../lib/db/schema';

/** An observation as client components get it (timestamps dropped: they cross the server/client boundary as JSON). */
export type ObservationView = Omit<Observation, 'createdAt' | 'updatedAt'>;
export type ReviewView = Omit<Review, 'at'> & { at: string };

export interface DecisionResponse {
  observation: ObservationView;
  review: ReviewView | null;
  ratings: SegmentRatings | null;
}

export function toView(o: Observation): ObservationView {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { createdAt, updatedAt, ...rest } = o;
  return rest;
}

export function fmtTime(t: number): string {
  const m = Math.floor(t / 60);
  return `${m}:${(t - m * 60).toFixed(1).padStart(4, '0')}`;
}

/** POST JSON and surface the service's message on failure. */
export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(json.error ?? `HTTP ${res.status}`);
  return json as T;
}
