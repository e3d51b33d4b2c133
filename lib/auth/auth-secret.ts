import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';

/**
 * The key better-auth signs cookies with: SEWER_AUTH_SECRET, or else a random one generated on
 * first start and kept (mode 0600) in the data folder, so sessions survive restarts and no
 * installation shares a default secret.
 */
export function resolveAuthSecret(cfg: Pick<AppConfig, 'auth' | 'dataDir'>): string {
  if (cfg.auth.secret) return cfg.auth.secret;
  const file = path.join(cfg.dataDir, 'auth-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(cfg.dataDir, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  try {
    fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    // Another process (app vs worker) won the race: use its secret.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw err;
  }
}
