/**
 * Who made a review decision. Until login exists, the UI lets the engineer type a name that is
 * kept in the `reviewer` cookie; everything that needs an actor goes through this one helper,
 * so login can replace it in one place.
 */
export const REVIEWER_COOKIE = 'reviewer';
export const DEFAULT_ACTOR = 'engineer';

/** Trimmed, printable, at most 80 characters; anything unusable becomes the default. */
export function normalizeActor(raw: string | null | undefined): string {
  const s = (raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 80);
  return s || DEFAULT_ACTOR;
}

/** The actor of an HTTP request (route handlers): read from the Cookie header. */
export function actorFromRequest(req: Request): string {
  const header = req.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== REVIEWER_COOKIE) continue;
    try {
      return normalizeActor(decodeURIComponent(part.slice(eq + 1).trim()));
    } catch {
      return DEFAULT_ACTOR;
    }
  }
  return DEFAULT_ACTOR;
}
