import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import type { FileStore } from '../adapters/file-store';
import type { Queue } from '../jobs/queue';

/** Everything a service verb may touch; built once per process (see lib/runtime.ts). */
export interface ServiceContext {
  config: AppConfig;
  db: Db;
  store: FileStore;
  queue: Queue;
}
