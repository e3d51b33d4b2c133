import type { SQL } from 'drizzle-orm';
import type { Db } from './client';

/** Raw SQL through drizzle; node-postgres and PGlite both answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as { rows: T[] };
  return res.rows;
}
