import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getContext } from '../runtime';
import { can, type Permission } from './roles';
import { sessionUser, type SessionUser } from './session-user';

/** The signed-in user of the page being rendered (server components and actions), or null. */
export async function currentUser(): Promise<SessionUser | null> {
  return sessionUser(await getContext(), await headers());
}

/**
 * Pages call this first: no session → the login page (coming back to `path` afterwards);
 * a role without the permission → /forbidden. The server decides; hiding links is only a courtesy.
 */
export async function requirePageAccess(permission: Permission, path: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(path)}`);
  if (!can(user.role, permission)) redirect(`/forbidden?need=${encodeURIComponent(permission)}`);
  return user;
}
