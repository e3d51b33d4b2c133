import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, ROLES } from '../../lib/auth/roles';
import { assertSameOrigin } from '../../lib/auth/guard';
import { resolveAuthSecret } from '../../lib/auth/auth-secret';

describe('roles', () => {
  it('grants what the issue asks for, nothing more', () => {
    const table = Object.fromEntries(ROLES.map((r) => [r, PERMISSIONS.filter((p) => can(r, p))]));
    expect(table).toEqual({
      inspector: ['inspection:read', 'inspection:write'],
      engineer: ['inspection:read', 'review:write', 'report:export'],
      admin: [...PERMISSIONS],
    });
  });
  it('gives unknown or missing roles nothing', () => {
    for (const p of PERMISSIONS) {
      expect(can(null, p)).toBe(false);
      expect(can('user', p)).toBe(false);
      expect(can('Admin', p)).toBe(false);
    }
  });
});

describe('cross-site check', () => {
  const req = (method: string, headers: Record<string, string>) => new Request('http://app.local:3000/api/x', { method, headers });
  const PUBLIC = 'https://sewer.example.org';
  it('lets reads and same-origin or origin-less writes through', () => {
    expect(() => assertSameOrigin(req('GET', { origin: 'https://evil.example' }), PUBLIC)).not.toThrow();
    expect(() => assertSameOrigin(req('POST', {}), PUBLIC)).not.toThrow();
    expect(() => assertSameOrigin(req('POST', { origin: PUBLIC }), PUBLIC)).not.toThrow();
    expect(() => assertSameOrigin(req('PATCH', { origin: 'http://app.local:3000', host: 'app.local:3000' }), PUBLIC)).not.toThrow();
  });
  it('refuses writes from another origin', () => {
    expect(() => assertSameOrigin(req('POST', { origin: 'https://evil.example', host: 'app.local:3000' }), PUBLIC)).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(req('DELETE', { origin: 'https://sewer.example.org.evil.example' }), PUBLIC)).toThrow(/Cross-site/);
    expect(() => assertSameOrigin(req('POST', { origin: 'null' }), PUBLIC)).toThrow(/Cross-site/);
  });
});

describe('auth secret', () => {
  it('uses the configured one, else generates one per installation and keeps it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sewer-secret-'));
    expect(resolveAuthSecret({ dataDir: dir, auth: { secret: 'x'.repeat(40), publicUrl: 'http://l' } })).toBe('x'.repeat(40));
    const a = resolveAuthSecret({ dataDir: dir, auth: { publicUrl: 'http://l' } });
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(resolveAuthSecret({ dataDir: dir, auth: { publicUrl: 'http://l' } })).toBe(a);
    expect(fs.statSync(path.join(dir, 'auth-secret')).mode & 0o077).toBe(0);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'sewer-secret-'));
    expect(resolveAuthSecret({ dataDir: other, auth: { publicUrl: 'http://l' } })).not.toBe(a);
  });
});
