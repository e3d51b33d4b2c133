import { eq } from 'drizzle-orm';
import { users } from '../../db/schema/auth';
import { isRole } from '../../auth/roles';
import { authFor } from '../../auth/auth';
import type { ServiceContext } from '../context';
import { ConflictError, NotFoundError, ValidationError } from '../errors';

/** Changes a user's role (better-auth's admin API re-checks that the caller is an admin). The last admin stays an admin. */
export async function setUserRole(ctx: ServiceContext, input: { userId: string; role: string; actorId: string }, headers: Headers): Promise<void> {
  if (!isRole(input.role)) throw new ValidationError({ role: 'Choose inspector, engineer or admin' });
  const [target] = await ctx.db.select().from(users).where(eq(users.id, input.userId));
  if (!target) throw new NotFoundError('User');
  if (target.role === 'admin' && input.role !== 'admin') {
    const admins = await ctx.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
    if (admins.length <= 1) throw new ConflictError('The last administrator cannot lose the admin role');
  }
  await authFor(ctx).api.setRole({ body: { userId: input.userId, role: input.role }, headers });
}
