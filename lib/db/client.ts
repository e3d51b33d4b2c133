import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';
import type { AppConfig } from '../config';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw SQL runner handed to pg-boss (its `db` option) so the queue shares our connection(s). */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  executeSql: ExecuteSql;
  close(): Promise<void>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
/** drizzle/ at the repo root; resolved from cwd when bundled (Next moves this file). */
export function migrationsFolder(): string {
  const candidates = [path.resolve(here, '../../drizzle'), path.resolve(process.cwd(), 'drizzle')];
  const found = candidates.find((p) => fs.existsSync(path.join(p, 'meta', '_journal.json')));
  if (!found) throw new Error(`drizzle migrations folder not found (looked in ${candidates.join(', ')})`);
  return found;
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const client = dataDir ? new PGlite(dataDir) : new PGlite();
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  await migrate(drizzle(client, { schema }), { migrationsFolder: migrationsFolder() });
  // PGlite's query() takes one statement with parameters; pg-boss sends multi-statement
  // scripts (migrations, locked blocks) without parameters, which need exec().
  const executeSql: ExecuteSql = async (text, values) => {
    if (values && values.length > 0) return client.query(text, values);
    const results = await client.exec(text);
    return { rows: results.length ? results[results.length - 1].rows : [] };
  };
  return { kind: 'pglite', db, executeSql, close: () => client.close() };
}

async function openPostgres(url: string): Promise<Database> {
  const pg = (await import('pg')).default;
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  // connectionTimeoutMillis: while the server is unreachable a query fails after 10 s (and
  // the job is retried) instead of waiting on TCP forever; keepAlive notices dead peers.
  const pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 10_000, keepAlive: true });
  // A dropped connection (server restart) must not crash the process; the pool reconnects.
  pool.on('error', (err) => console.error(`[db] idle client error: ${err.message}`));
  const db = drizzle(pool, { schema }) as unknown as Db;
  await migrate(drizzle(pool, { schema }), { migrationsFolder: migrationsFolder() });
  const executeSql: ExecuteSql = (text, values) => pool.query(text, values as unknown[]);
  return { kind: 'postgres', db, executeSql, close: () => pool.end() };
}

export async function openDatabase(cfg: Pick<AppConfig, 'databaseUrl' | 'pgliteDir'>, opts: { inMemory?: boolean } = {}): Promise<Database> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl);
  return openPglite(opts.inMemory ? undefined : cfg.pgliteDir);
}

// One database per process. Kept on globalThis because Next bundles route handlers
// and instrumentation separately, and PGlite's data folder can only be opened once.
const KEY = Symbol.for('sewer.database');
type Holder = { [KEY]?: Promise<Database> };

export function getDatabase(cfg: AppConfig): Promise<Database> {
  const g = globalThis as Holder;
  g[KEY] ??= openDatabase(cfg).catch((err) => {
    delete g[KEY];
    throw err;
  });
  return g[KEY];
}

export async function closeDatabase(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  if (p) await (await p).close();
}
