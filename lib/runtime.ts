import { config as loadConfig, type AppConfig } from './config';
import { getDatabase, closeDatabase } from './db/client';
import { FileStore } from './adapters/file-store';
import { startQueue, type Queue } from './jobs/queue';
import type { ServiceContext } from './services/context';

/**
 * The process-wide service context: config, database, file store and queue, created
 * once. Stored on globalThis because Next bundles routes and instrumentation apart.
 */
const KEY = Symbol.for('sewer.context');
type Holder = { [KEY]?: Promise<ServiceContext> };

async function build(cfg: AppConfig): Promise<ServiceContext> {
  const store = new FileStore(cfg);
  store.ensureDirs();
  const database = await getDatabase(cfg);
  const queue: Queue = await startQueue(database, cfg.databaseUrl, cfg.sampling);
  return { config: cfg, db: database.db, store, queue };
}

export function getContext(cfg: AppConfig = loadConfig()): Promise<ServiceContext> {
  const g = globalThis as Holder;
  g[KEY] ??= build(cfg).catch((err) => {
    delete g[KEY];
    throw err;
  });
  return g[KEY];
}

export async function shutdownContext(): Promise<void> {
  const g = globalThis as Holder;
  const p = g[KEY];
  delete g[KEY];
  if (p) {
    const ctx = await p.catch(() => undefined);
    await ctx?.queue.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
  }
  await closeDatabase();
}
