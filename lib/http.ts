import { ServiceError } from './services/errors';

/** Map a typed service error to an HTTP response; anything else is a 500 with a logged cause. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ServiceError) {
    const body: Record<string, unknown> = { error: err.message };
    if ('fieldErrors' in err) body.fieldErrors = (err as { fieldErrors: unknown }).fieldErrors;
    return Response.json(body, { status: err.status });
  }
  console.error('[http] unexpected error', err);
  return Response.json({ error: 'Internal error' }, { status: 500 });
}
