import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { loadConfig, type AppConfig } from './config';
import { openDatabase, type Database } from './db/client';
import { inspections } from './db/schema';
import { FileStore } from './adapters/file-store';
import { startQueue } from './jobs/queue';
import { waitForJobFinished } from './jobs/wake';
import type { ServiceContext } from './services/context';
import { getInspection, type InspectionDetail } from './services/inspections/get-inspection';
import { startWorker, type WorkerHandle } from '../workers/runtime';

/**
 * The pipeline without the web app: a service context plus an in-process worker.
 * Embedded (PGlite) in `dataDir`, or a throw-away folder, unless DATABASE_URL is set;
 * with Postgres, separate `npm run worker` processes may help with the chunks.
 */
export interface Headless {
  ctx: ServiceContext;
  database: Database;
  worker: WorkerHandle;
  waitSettled(inspectionId: string, opts?: { timeoutMs?: number; onProgress?: (d: InspectionDetail) => void }): Promise<InspectionDetail>;
  close(): Promise<void>;
}

export async function openHeadless(opts: { env?: Record<string, string | undefined>; dataDir?: string; inMemory?: boolean; log?: (s: string) => void } = {}): Promise<Headless> {
  const env = { ...process.env, ...opts.env };
  const temp = !opts.dataDir && !env.SEWER_DATA_DIR ? fs.mkdtempSync(path.join(os.tmpdir(), 'sewer-headless-')) : null;
  const config: AppConfig = loadConfig({ ...env, SEWER_DATA_DIR: opts.dataDir ?? env.SEWER_DATA_DIR ?? temp! });
  const database = await openDatabase(config, { inMemory: opts.inMemory });
  const store = new FileStore(config);
  store.ensureDirs();
  const queue = await startQueue(database, config.databaseUrl, config.sampling);
  const ctx: ServiceContext = { config, db: database.db, store, queue };
  const worker = await startWorker(ctx, { concurrency: config.worker.concurrency, log: opts.log ?? (() => undefined) });
  return {
    ctx,
    database,
    worker,
    async waitSettled(inspectionId, w = {}) {
      const end = Date.now() + (w.timeoutMs ?? 6 * 3600_000);
      for (;;) {
        // Without a progress listener only the status is polled: the full detail (inspection,
        // segment, chunks) cost ~8 ms of this thread per poll, taken from the in-process worker.
        if (!w.onProgress) {
          const [row] = await ctx.db.select({ status: inspections.status }).from(inspections).where(eq(inspections.id, inspectionId));
          if (row && row.status !== 'done' && row.status !== 'failed' && Date.now() <= end) {
            await waitForJobFinished(200);
            continue;
          }
        }
        const d = await getInspection(ctx, inspectionId);
        w.onProgress?.(d);
        if (d.inspection.status === 'done' || d.inspection.status === 'failed') return d;
        if (Date.now() > end) throw new Error(`inspection ${inspectionId} did not finish in time`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async close() {
      await worker.stop();
      await queue.stop({ graceful: false, wait: true, close: database.kind === 'postgres' }).catch(() => undefined);
      await database.close();
      if (temp) fs.rmSync(temp, { recursive: true, force: true });
    },
  };
}
