import { getContext } from '../runtime';
import { ServiceError } from '../services/errors';
import type { ServiceContext } from '../services/context';
import { can, type Permission } from './roles';
import { sessionUser, type SessionUser } from './session-user';

export class UnauthorizedError extends ServiceError {
  constructor() {
    super('Sign in required', 401);
  }
}

export class ForbiddenError extends ServiceError {
  constructor(message: string) {
    super(message, 403);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence in depth (session cookies are SameSite=Lax already): a state-changing request
 * that a browser sent from another site carries that site's Origin; refuse it. Non-browser
 * clients send no Origin and are let through to the session check.
 */
export function assertSameOrigin(req: Request, publicUrl: string): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const origin = req.headers.get('origin');
  if (!origin) return;
  const allowed = new Set([new URL(publicUrl).origin]);
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host');
  if (host) {
    const proto = req.headers.get('x-forwarded-proto') ?? new URL(req.url).protocol.replace(':', '');
    allowed.add(`${proto}://${host}`);
  }
  if (!allowed.has(origin)) throw new ForbiddenError('Cross-site request refused');
}

/**
 * Every API route handler starts here: 401 without a valid session, 403 when the user's role
 * lacks the permission (or a cross-site browser request tries to change something).
 */
export async function requireAccess(req: Request, permission: Permission): Promise<{ ctx: ServiceContext; user: SessionUser }> {
  const access = await checkAccess(req.headers, permission);
  assertSameOrigin(req, access.ctx.config.auth.publicUrl);
  return access;
}

/** The session behind these request headers, holding `permission`; else UnauthorizedError / ForbiddenError. */
export async function checkAccess(headers: Headers, permission: Permission): Promise<{ ctx: ServiceContext; user: SessionUser }> {
  const ctx = await getContext();
  const user = await sessionUser(ctx, headers);
  if (!user) throw new UnauthorizedError();
  if (!can(user.role, permission)) throw new ForbiddenError(`Your role (${user.role ?? 'none'}) may not do this (needs ${permission})`);
  return { ctx, user };
}
