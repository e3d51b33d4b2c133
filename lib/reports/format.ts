/** Small formatting helpers shared by the PDF, CSV and planning views (units in the names). */

/** Seconds → "m:ss" (or "h:mm:ss"), the way a video counter reads. */
export function videoCounter(s: number): string {
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** Metres with one decimal, or "—" when the distance is unknown. */
export function metres(m: number | null | undefined): string {
  return m == null || !Number.isFinite(m) ? '—' : m.toFixed(1);
}

export function distanceRange(a: number | null, b: number | null): string {
  if (a == null) return '—';
  return b == null || Math.abs(b - a) < 0.05 ? metres(a) : `${metres(a)}–${metres(b)}`;
}

export function timeRange(a: number, b: number): string {
  const from = videoCounter(a);
  const to = videoCounter(b);
  return from === to ? from : `${from}–${to}`;
}

/** Whole days between an ISO date (YYYY-MM-DD) and `now`, never negative. */
export function ageDays(isoDate: string, now: Date = new Date()): number {
  const d = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(d)) return 0;
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.max(0, Math.floor((today - d) / 86_400_000));
}

/** A safe download file name from an asset id ("MH 12/13" → "MH_12_13"). */
export function fileStem(s: string): string {
  return s.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'inspection';
}
