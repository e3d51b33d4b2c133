import { ServiceError, ValidationError } from './services/errors';

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

/** The request's JSON object body; a malformed body is the caller's 422, not a 500. */
export async function readJsonBody(req: Request): Promise<Record<string, unknown>> {
  const body: unknown = await req.json().catch(() => {
    throw new ValidationError({ _: 'Body must be JSON' });
  });
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ValidationError({ _: 'Body must be a JSON object' });
  return body as Record<string, unknown>;
}
