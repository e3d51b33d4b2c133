import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeTestContext, type TestContext } from './helpers/test-context';
import { ACTION_ACCESS, ROUTE_ACCESS, type Access } from '../../lib/auth/route-access';
import { can, ROLES, type Role } from '../../lib/auth/roles';

/**
 * The access matrix, generated from the files: every API route handler and every server action
 * under app/ is called without a session (→ 401) and with each role that lacks its permission
 * (→ 403); roles that hold it must get past the check. A route or action missing from
 * lib/auth/route-access.ts fails the test, so a new one cannot be forgotten.
 */
const requestHeaders = vi.hoisted(() => ({ current: new Headers() }));
vi.mock('next/headers', () => ({
  headers: async () => requestHeaders.current,
  cookies: async () => ({ get: () => undefined, getAll: () => [], set: () => undefined, delete: () => undefined, has: () => false }),
}));

const APP = path.resolve(__dirname, '../../app');
const BASE = 'http://localhost:3000';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

function walk(dir: string, match: (f: string) => boolean): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p, match) : match(e.name) ? [p] : [];
  });
}

const routeFiles = walk(path.join(APP, 'api'), (f) => f === 'route.ts');
const actionFiles = walk(APP, (f) => f === 'actions.ts');
const routeKey = (file: string) => '/' + path.relative(APP, path.dirname(file)).split(path.sep).join('/');

/** A concrete URL and params for a route pattern: [id] → a well-formed id that does not exist. */
function concrete(key: string): { url: string; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = {};
  const url = key.replace(/\[\[?(\.\.\.)?(\w+)\]?\]/g, (_m, rest: string | undefined, name: string) => {
    const v = name === 'index' ? '0' : name === 'format' ? 'json' : FAKE_ID;
    params[name] = rest ? [v] : v;
    return v;
  });
  return { url: BASE + url, params };
}

let t: TestContext;
const cookies = new Map<Role, string>();

async function call(key: string, method: string, cookie?: string): Promise<number> {
  const mod = await import(pathToFileURL(path.join(APP, key.slice(1), 'route.ts')).href);
  const { url, params } = concrete(key);
  const headers = new Headers({ origin: BASE, 'content-type': 'application/json', 'tus-resumable': '1.0.0', 'upload-length': '10' });
  if (cookie) headers.set('cookie', cookie);
  const body = method === 'GET' || method === 'HEAD' ? undefined : '{}';
  const res: Response = await mod[method](new Request(url, { method, headers, body }), { params: Promise.resolve(params) });
  await res.body?.cancel().catch(() => undefined);
  return res.status;
}

async function callAction(id: string, cookie?: string): Promise<number> {
  const [file, name] = id.split('#');
  const mod = await import(pathToFileURL(path.join(APP, file)).href);
  requestHeaders.current = new Headers(cookie ? { cookie } : {});
  try {
    await mod[name]({ errors: {}, values: {} }, new FormData());
    return 200;
  } catch (err) {
    const status = (err as { status?: number }).status;
    return typeof status === 'number' ? status : 200; // redirects and validation results: past the check
  }
}

const lacking = (access: Access) => ROLES.filter((r) => access !== 'public' && !can(r, access));
const holding = (access: Access) => ROLES.filter((r) => access !== 'public' && can(r, access));

beforeAll(async () => {
  t = await makeTestContext('pglite', { SEWER_PUBLIC_URL: BASE });
  (globalThis as Record<symbol, unknown>)[Symbol.for('sewer.context')] = Promise.resolve(t.ctx);
  const { createUser } = await import('../../lib/services/users/create-user');
  const { authFor } = await import('../../lib/auth/auth');
  for (const role of ROLES) {
    const email = `${role}@example.test`;
    await createUser(t.ctx, { name: role, email, password: `${role}-password-123`, role });
    const res = await authFor(t.ctx).api.signInEmail({ body: { email, password: `${role}-password-123` }, asResponse: true });
    const setCookie = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    expect(setCookie.length, `sign-in as ${role}`).toBeGreaterThan(0);
    cookies.set(role, setCookie.join('; '));
  }
});

afterAll(async () => {
  delete (globalThis as Record<symbol, unknown>)[Symbol.for('sewer.context')];
  await t?.close();
});

describe('access matrix: API routes', () => {
  it('lists every route file and method, and nothing else', async () => {
    const found: Record<string, string[]> = {};
    for (const f of routeFiles) {
      const mod = await import(pathToFileURL(f).href);
      found[routeKey(f)] = METHODS.filter((m) => typeof mod[m] === 'function');
    }
    const declared = Object.fromEntries(Object.entries(ROUTE_ACCESS).map(([k, v]) => [k, Object.keys(v)]));
    expect(Object.keys(found).sort()).toEqual(Object.keys(declared).sort());
    for (const k of Object.keys(found)) expect(found[k].sort(), k).toEqual(declared[k].sort());
  });

  const cases = Object.entries(ROUTE_ACCESS).flatMap(([key, methods]) => Object.entries(methods).map(([m, a]) => [key, m, a] as const));
  it.each(cases.filter(([, , a]) => a !== 'public'))('%s %s (%s)', async (key, method, access) => {
    expect(await call(key, method), 'no session').toBe(401);
    expect(await call(key, method, 'sewer.session_token=forged.value'), 'forged cookie').toBe(401);
    for (const role of lacking(access)) expect(await call(key, method, cookies.get(role)), role).toBe(403);
    for (const role of holding(access)) expect([401, 403], role).not.toContain(await call(key, method, cookies.get(role)));
  });

  it('public routes answer without a session; self sign-up is closed', async () => {
    expect(await call('/api/health', 'GET')).toBe(200);
    const { authFor } = await import('../../lib/auth/auth');
    const res = await authFor(t.ctx).handler(
      new Request(`${BASE}/api/auth/sign-up/email`, { method: 'POST', headers: { origin: BASE, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@example.test', password: 'long-enough-password', name: 'x' }) }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a state change sent from another site even with a valid session', async () => {
    const mod = await import(pathToFileURL(path.join(APP, 'api/observations/[id]/review/route.ts')).href);
    const headers = { origin: 'https://evil.example', cookie: cookies.get('engineer')!, 'content-type': 'application/json' };
    const res: Response = await mod.POST(new Request(`${BASE}/api/observations/${FAKE_ID}/review`, { method: 'POST', headers, body: '{"action":"accept"}' }), { params: Promise.resolve({ id: FAKE_ID }) });
    expect(res.status).toBe(403);
  });
});

describe('access matrix: server actions', () => {
  it('lists every exported action', async () => {
    const found: string[] = [];
    for (const f of actionFiles) {
      const mod = await import(pathToFileURL(f).href);
      const rel = path.relative(APP, f).split(path.sep).join('/');
      for (const [name, v] of Object.entries(mod)) if (typeof v === 'function') found.push(`${rel}#${name}`);
    }
    expect(found.sort()).toEqual(Object.keys(ACTION_ACCESS).sort());
  });

  it.each(Object.entries(ACTION_ACCESS).filter(([, a]) => a !== 'public'))('%s (%s)', async (id, access) => {
    expect(await callAction(id), 'no session').toBe(401);
    for (const role of lacking(access)) expect(await callAction(id, cookies.get(role)), role).toBe(403);
    for (const role of holding(access)) expect([401, 403], role).not.toContain(await callAction(id, cookies.get(role)));
  });
});
