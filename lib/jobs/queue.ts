import PgBoss from 'pg-boss';
import { ringJobBell } from './wake';
import type { Database } from '../db/client';
import type { AppConfig } from '../config';
import { JOB_NAMES, JobPayloads, type JobName, type JobPayload } from './names';
import { queuePolicy, RETRY_LIMIT } from './policy';

/**
 * pg-boss in the same database as the data. On PGlite it runs through our single
 * in-process connection; on Postgres it keeps its own pool (it reconnects on its own).
 */
export type Queue = PgBoss;

export { RETRY_LIMIT };

const DEFAULT_SAMPLING = { chunkSeconds: 120, fps: 5 };

export async function startQueue(database: Database, databaseUrl?: string, sampling: Pick<AppConfig['sampling'], 'chunkSeconds' | 'fps'> = DEFAULT_SAMPLING): Promise<Queue> {
  const boss =
    database.kind === 'postgres' && databaseUrl
      ? // Same pool hardening as lib/db/client.ts: a dead server fails fast instead of hanging.
        new PgBoss({ connectionString: databaseUrl, max: 4, connectionTimeoutMillis: 10_000, keepAlive: true } as PgBoss.ConstructorOptions)
      : new PgBoss({ db: { executeSql: database.executeSql } as unknown as PgBoss.Db });
  // Errors of pg-boss' own timers (maintenance, a dropped pooled connection) arrive here:
  // logged, never fatal. Jobs are fetched and settled by workers/job-loop.ts.
  boss.on('error', (err: Error) => console.error(`[queue] ${err.message}`));
  await boss.start();
  for (const name of JOB_NAMES) {
    const policy = queuePolicy(name, sampling);
    // createQueue does nothing when the queue exists; updateQueue applies changed settings.
    await boss.createQueue(name, { name, ...policy });
    await boss.updateQueue(name, { name, ...policy });
  }
  return boss;
}

/**
 * Enqueue with a singleton key. NB: on pg-boss 10's 'standard' queue policy (ours) the key is
 * stored but does not deduplicate (only 'short'/'singleton'/'stately' queues or singletonSeconds
 * do), so a retried parent can queue a second copy; handlers are idempotent for that reason.
 */
export async function enqueue<N extends JobName>(queue: Queue, name: N, payload: JobPayload<N>, singletonKey?: string): Promise<void> {
  const data = JobPayloads[name].parse(payload);
  await queue.send(name, data, singletonKey ? { singletonKey } : {});
  ringJobBell(name);
}
