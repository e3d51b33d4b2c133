/** Typed errors that thin edges (routes, actions, CLI) map to HTTP codes or messages. */
export class ServiceError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends ServiceError {
  constructor(what: string) {
    super(`${what} not found`, 404);
  }
}

export class ConflictError extends ServiceError {
  constructor(message: string) {
    super(message, 409);
  }
}

export class ValidationError extends ServiceError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors).join('; ') || 'invalid input', 422);
  }
}

/** zod issues → { field: first message }. */
export function fieldErrorsFrom(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = i.path.map(String).join('.') || '_';
    out[key] ??= i.message;
  }
  return out;
}
