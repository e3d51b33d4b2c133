import { afterEach, describe, expect, it } from 'vitest';
import { makeTestContext, type TestContext } from './helpers/test-context';
import { completeSetup, ensureFirstAdmin, setupOpen } from '../../lib/services/users/first-run';
import { listUsers } from '../../lib/services/users/list-users';
import { authFor } from '../../lib/auth/auth';

let t: TestContext | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const signIn = (t: TestContext, email: string, password: string) =>
  authFor(t.ctx).api.signInEmail({ body: { email, password }, asResponse: true }).then((r) => r.status);

describe('first run (PGlite)', () => {
  it('creates the administrator from the environment once; no default password exists', async () => {
    t = await makeTestContext('pglite', { SEWER_ADMIN_EMAIL: 'boss@example.test', SEWER_ADMIN_PASSWORD: 'a-long-admin-password' });
    expect(await ensureFirstAdmin(t.ctx)).toEqual({ kind: 'admin-from-env', email: 'boss@example.test' });
    expect(await ensureFirstAdmin(t.ctx)).toEqual({ kind: 'has-users' });
    const users = await listUsers(t.ctx);
    expect(users.map((u) => [u.email, u.role])).toEqual([['boss@example.test', 'admin']]);
    expect(await signIn(t, 'boss@example.test', 'a-long-admin-password')).toBe(200);
    expect(await signIn(t, 'boss@example.test', 'admin')).toBe(401);
  });

  it('without env prints a one-time link: wrong tokens fail, typos do not burn it, it works once', async () => {
    t = await makeTestContext('pglite');
    const first = await ensureFirstAdmin(t.ctx);
    expect(first.kind).toBe('setup-link');
    const token = new URL((first as { url: string }).url).searchParams.get('token')!;
    expect(token.length).toBeGreaterThanOrEqual(32);
    const input = { token, name: 'Ada', email: 'ada@example.test', password: 'correct horse battery' };
    await expect(completeSetup(t.ctx, { ...input, token: 'guess' })).rejects.toMatchObject({ status: 403 });
    await expect(completeSetup(t.ctx, { ...input, password: 'short' })).rejects.toMatchObject({ status: 422 });
    expect(await setupOpen(t.ctx)).toBe(true);
    await completeSetup(t.ctx, input);
    expect(await setupOpen(t.ctx)).toBe(false);
    await expect(completeSetup(t.ctx, { ...input, email: 'eve@example.test' })).rejects.toMatchObject({ status: 409 });
    expect((await listUsers(t.ctx)).map((u) => [u.email, u.role])).toEqual([['ada@example.test', 'admin']]);
    expect(await signIn(t, 'ada@example.test', 'correct horse battery')).toBe(200);
  });
});
