import crypto from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type AppConfig } from '../../../lib/config';
import { openDatabase, type Database } from '../../../lib/db/client';
import { FileStore } from '../../../lib/adapters/file-store';
import { startQueue } from '../../../lib/jobs/queue';
import type { ServiceContext } from '../../../lib/services/context';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Postgres reachable? In CI it must be: a missing server fails the run instead of skipping. */
export async function postgresAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    if (process.env.CI) throw new Error(`CI needs PostgreSQL at ${TEST_DATABASE_URL}`);
    return false;
  }
}

/** Empty the test database so every suite starts from a clean migration. */
async function resetPostgres(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public; DROP SCHEMA IF EXISTS pgboss CASCADE; DROP SCHEMA IF EXISTS drizzle CASCADE;');
  await c.end();
}

export interface TestContext {
  ctx: ServiceContext;
  database: Database;
  dataDir: string;
  close(): Promise<void>;
}

export async function makeTestContext(kind: 'pglite' | 'postgres', env: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sewer-it-${kind}-`));
  // env.DATABASE_URL points a test at another server (e.g. a private one it may restart).
  const url = env.DATABASE_URL ?? TEST_DATABASE_URL;
  if (kind === 'postgres') await resetPostgres(url);
  const config: AppConfig = loadConfig({
    SEWER_DATA_DIR: dataDir,
    ...(process.env.SEWER_MODEL ? { SEWER_MODEL: process.env.SEWER_MODEL } : {}),
    ...(kind === 'postgres' ? { DATABASE_URL: url } : {}),
    ...env,
  });
  const database = await openDatabase(config, { inMemory: kind === 'pglite' });
  const store = new FileStore(config);
  store.ensureDirs();
  const queue = await startQueue(database, config.databaseUrl, config.sampling);
  const ctx: ServiceContext = { config, db: database.db, store, queue };
  return {
    ctx,
    database,
    dataDir,
    async close() {
      await queue.stop({ graceful: false, wait: true, close: kind === 'postgres' }).catch(() => undefined);
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Put a file into the upload store the way a finished tus upload would; returns its key. */
export function storeUpload(ctx: ServiceContext, file: string): { videoKey: string; sizeBytes: number } {
  const videoKey = crypto.randomBytes(16).toString('hex');
  fs.copyFileSync(file, ctx.store.videoPath(videoKey));
  return { videoKey, sizeBytes: fs.statSync(file).size };
}

export async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 120_000, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * The per-database suite set-up every "on pglite / on postgres" describe block repeats: opens a
 * fresh context before the suite (none on Postgres when no server is reachable locally; CI requires
 * one) and closes it after. Call inside describe(); the getter returns undefined when skipped.
 */
export function suiteContext(kind: 'pglite' | 'postgres'): () => TestContext | undefined {
  let t: TestContext | undefined;
  beforeAll(async () => {
    if (kind === 'postgres' && !(await postgresAvailable())) return;
    t = await makeTestContext(kind);
  });
  afterAll(async () => {
    await t?.close();
  });
  return () => t;
}
