import PgBoss from 'pg-boss';
import type { Database } from '../db/client';
import { JOB_NAMES, JobPayloads, type JobName, type JobPayload } from './names';

/**
 * pg-boss in the same database as the data. On PGlite it runs through our single
 * in-process connection; on Postgres it keeps its own pool (it reconnects on its own).
 */
export type Queue = PgBoss;

export const RETRY_LIMIT = 3;

export async function startQueue(database: Database, databaseUrl?: string): Promise<Queue> {
  const boss =
    database.kind === 'postgres' && databaseUrl
      ? new PgBoss({ connectionString: databaseUrl, max: 4 })
      : new PgBoss({ db: { executeSql: database.executeSql } as unknown as PgBoss.Db });
  boss.on('error', (err: Error) => console.error(`[queue] ${err.message}`));
  await boss.start();
  for (const name of JOB_NAMES) {
    // createQueue is idempotent in pg-boss 10 when the queue exists.
    await boss.createQueue(name, {
      name,
      retryLimit: RETRY_LIMIT,
      retryDelay: 2,
      retryBackoff: true,
      expireInSeconds: 60 * 60,
    });
  }
  return boss;
}

/**
 * Enqueue with a singleton key so that enqueueing the same work twice (a retried
 * parent job) does not create a second copy while the first is queued or active.
 */
export async function enqueue<N extends JobName>(queue: Queue, name: N, payload: JobPayload<N>, singletonKey?: string): Promise<void> {
  const data = JobPayloads[name].parse(payload);
  await queue.send(name, data, singletonKey ? { singletonKey } : {});
}
