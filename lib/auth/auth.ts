import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { admin } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { nextCookies } from 'better-auth/next-js';
import { accounts, sessions, users, verifications } from '../db/schema/auth';
import type { ServiceContext } from '../services/context';
import { resolveAuthSecret } from './auth-secret';

/** better-auth's own checks for its /admin endpoints; the app's permissions are in roles.ts. */
const ac = createAccessControl(defaultStatements);
const pluginRoles = {
  admin: ac.newRole(adminAc.statements),
  engineer: ac.newRole({ user: [], session: [] }),
  inspector: ac.newRole({ user: [], session: [] }),
};

export const SESSION_HOURS = 12;

function build(ctx: ServiceContext) {
  const cfg = ctx.config;
  return betterAuth({
    appName: 'SewerScope',
    baseURL: cfg.auth.publicUrl,
    basePath: '/api/auth',
    secret: resolveAuthSecret(cfg),
    database: drizzleAdapter(ctx.db, {
      provider: 'pg',
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    // Accounts are made by an administrator (or the first-run setup), never by self sign-up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 256 },
    session: { expiresIn: SESSION_HOURS * 3600, updateAge: 3600 },
    trustedOrigins: [cfg.auth.publicUrl],
    advanced: { cookiePrefix: 'sewer', useSecureCookies: cfg.auth.publicUrl.startsWith('https://') },
    telemetry: { enabled: false },
    // Password guessing: at most 20 sign-in attempts per client address per minute.
    rateLimit: { customRules: { '/sign-in/email': { window: 60, max: 20 } } },
    plugins: [admin({ ac, roles: pluginRoles, defaultRole: 'inspector', adminRoles: ['admin'] }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof build>;

const KEY = Symbol.for('sewer.auth');
type Holder = { [KEY]?: { ctx: ServiceContext; auth: Auth } };

/** One better-auth instance per service context (kept on globalThis: Next bundles routes apart). */
export function authFor(ctx: ServiceContext): Auth {
  const g = globalThis as Holder;
  if (g[KEY]?.ctx !== ctx) g[KEY] = { ctx, auth: build(ctx) };
  return g[KEY].auth;
}
