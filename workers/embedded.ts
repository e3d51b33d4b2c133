import { config } from '../lib/config';
import { getContext } from '../lib/runtime';
import { startWorker, type WorkerHandle } from './runtime';

const KEY = Symbol.for('sewer.embeddedWorker');
type Holder = { [KEY]?: Promise<WorkerHandle | null> };

/** Start the in-process worker once per process when the config asks for it. */
export function bootEmbeddedWorker(): Promise<WorkerHandle | null> {
  const g = globalThis as Holder;
  g[KEY] ??= (async () => {
    const cfg = config();
    const ctx = await getContext(cfg);
    if (!cfg.worker.embedded) return null;
    const w = await startWorker(ctx, { concurrency: cfg.worker.concurrency, kind: 'embedded' });
    console.log(`[worker] embedded worker running (${cfg.mode})`);
    return w;
  })();
  return g[KEY];
}

export function embeddedWorker(): Promise<WorkerHandle | null> | undefined {
  return (globalThis as Holder)[KEY];
}
