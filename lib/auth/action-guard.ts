import { headers } from 'next/headers';
import type { ServiceContext } from '../services/context';
import { checkAccess } from './guard';
import type { Permission } from './roles';
import type { SessionUser } from './session-user';

/**
 * Every server action starts here, like route handlers with requireAccess: UnauthorizedError (401)
 * without a session, ForbiddenError (403) for a role without the permission. Next checks a server
 * action's Origin against its Host itself (CSRF).
 */
export async function requireActionAccess(permission: Permission): Promise<{ ctx: ServiceContext; user: SessionUser }> {
  return checkAccess(await headers(), permission);
}
