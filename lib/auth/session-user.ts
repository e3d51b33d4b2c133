import type { ServiceContext } from '../services/context';
import { authFor } from './auth';
import { isRole, type Role } from './roles';

export interface SessionUser {
  id: string;
  name: string;
  email: string;
  /** null when the stored role is unknown: such a user may do nothing. */
  role: Role | null;
}

/** The signed-in user of a request (session cookie checked against the sessions table), or null. */
export async function sessionUser(ctx: ServiceContext, headers: Headers): Promise<SessionUser | null> {
  const session = await authFor(ctx).api.getSession({ headers });
  if (!session || session.user.banned) return null;
  const { id, name, email, role } = session.user;
  return { id, name, email, role: isRole(role) ? role : null };
}

/** How a user is named in audit rows (review decisions): "Name <email>". */
export function actorName(user: SessionUser): string {
  return `${user.name} <${user.email}>`.slice(0, 80);
}
