/**
 * better-auth throws its APIError from more than one module copy once bundled, so `instanceof`
 * is unreliable: recognise it by shape. Returns the HTTP status it carries, or undefined.
 */
export function authErrorStatus(err: unknown): number | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { name?: unknown; statusCode?: unknown };
  return e.name === 'APIError' && typeof e.statusCode === 'number' ? e.statusCode : undefined;
}
