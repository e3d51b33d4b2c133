import { authFor } from '../../auth/auth';
import { authErrorStatus } from '../../auth/auth-error';
import type { ServiceContext } from '../context';
import { ConflictError, ValidationError, fieldErrorsFrom } from '../errors';
import { NewUserInput } from './user-input';

/**
 * Creates an account with a password through better-auth's admin API (it hashes the password
 * and, when `headers` carry a session, checks that the caller is an admin). Without headers it is
 * a trusted server-side call: the first-run administrator.
 */
export async function createUser(ctx: ServiceContext, input: unknown, headers?: Headers): Promise<{ id: string; email: string }> {
  const parsed = NewUserInput.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const { name, email, password, role } = parsed.data;
  try {
    const res = await authFor(ctx).api.createUser({ body: { name, email, password, role }, ...(headers ? { headers } : {}) });
    return { id: res.user.id, email: res.user.email };
  } catch (err) {
    if (authErrorStatus(err) !== undefined && /exist/i.test((err as Error).message)) throw new ConflictError(`A user with email ${email} already exists`);
    throw err;
  }
}
