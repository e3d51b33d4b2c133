/**
 * One line for a log: drizzle wraps driver errors as "Failed query: <sql> params: <every
 * value>" (a whole batch of frame rows) with the driver's error as `cause`; log the cause.
 */
export function errorMessage(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } } | null;
  const cause = e?.cause?.message;
  if (typeof cause === 'string' && cause) return cause;
  return typeof e?.message === 'string' ? e.message : String(err);
}
