import { headers } from 'next/headers';
import { getContext } from '../runtime';
import type { ServiceContext } from '../services/context';
import { ForbiddenError, UnauthorizedError } from './guard';
import { can, type Permission } from './roles';
import { sessionUser, type SessionUser } from './session-user';

/**
 * Every server action starts here, like route handlers with requireAccess: UnauthorizedError (401)
 * without a session, ForbiddenError (403) for a role without the permission. Next checks a server
 * action's Origin against its Host itself (CSRF).
 */
export async function requireActionAccess(permission: Permission): Promise<{ ctx: ServiceContext; user: SessionUser }> {
  const ctx = await getContext();
  const user = await sessionUser(ctx, await headers());
  if (!user) throw new UnauthorizedError();
  if (!can(user.role, permission)) throw new ForbiddenError(`Your role (${user.role ?? 'none'}) may not do this (needs ${permission})`);
  return { ctx, user };
}
