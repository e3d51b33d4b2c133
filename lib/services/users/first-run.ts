import crypto from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import { verifications } from '../../db/schema/auth';
import type { ServiceContext } from '../context';
import { ConflictError, ServiceError, ValidationError, fieldErrorsFrom } from '../errors';
import { NewUserInput } from './user-input';
import { countUsers } from './list-users';
import { createUser } from './create-user';

/**
 * First run: there is no default password. Either the administrator comes from the environment
 * (SEWER_ADMIN_EMAIL / SEWER_ADMIN_PASSWORD) or a one-time setup link is printed to the app's log.
 * Only the link token's SHA-256 is stored; it works once, for 24 hours, and only while no user exists.
 */
export class ForbiddenSetupError extends ServiceError {
  constructor() {
    super('This setup link is invalid, used or expired: restart the app to print a new one', 403);
  }
}

const SETUP_IDENTIFIER = 'first-run-setup';
const SETUP_HOURS = 24;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

export type FirstRunResult = { kind: 'has-users' } | { kind: 'admin-from-env'; email: string } | { kind: 'setup-link'; url: string };

export async function ensureFirstAdmin(ctx: ServiceContext): Promise<FirstRunResult> {
  if ((await countUsers(ctx)) > 0) return { kind: 'has-users' };
  const admin = ctx.config.auth.admin;
  if (admin) {
    await createUser(ctx, { name: 'Administrator', email: admin.email, password: admin.password, role: 'admin' });
    return { kind: 'admin-from-env', email: admin.email };
  }
  const token = crypto.randomBytes(24).toString('base64url');
  await ctx.db.delete(verifications).where(eq(verifications.identifier, SETUP_IDENTIFIER));
  await ctx.db.insert(verifications).values({
    id: crypto.randomUUID(),
    identifier: SETUP_IDENTIFIER,
    value: sha256(token),
    expiresAt: new Date(Date.now() + SETUP_HOURS * 3600_000),
  });
  return { kind: 'setup-link', url: `${ctx.config.auth.publicUrl}/setup?token=${token}` };
}

/** Whether the setup page may still be used (no user yet). */
export async function setupOpen(ctx: Pick<ServiceContext, 'db'>): Promise<boolean> {
  return (await countUsers(ctx)) === 0;
}

/** Redeems the setup link: consumes the token, then creates the administrator. */
export async function completeSetup(ctx: ServiceContext, input: { token: string; name: string; email: string; password: string }): Promise<{ id: string; email: string }> {
  if (!(await setupOpen(ctx))) throw new ConflictError('Setup is already complete: sign in instead');
  // Validate before the token is spent, so a typo does not burn the link.
  const parsed = NewUserInput.safeParse({ name: input.name, email: input.email, password: input.password, role: 'admin' });
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues));
  const consumed = await ctx.db
    .delete(verifications)
    .where(and(eq(verifications.identifier, SETUP_IDENTIFIER), eq(verifications.value, sha256(input.token ?? '')), gt(verifications.expiresAt, new Date())))
    .returning();
  if (consumed.length === 0) throw new ForbiddenSetupError();
  return createUser(ctx, parsed.data);
}
