/**
 * A standalone worker process: `npm run worker`. Needs DATABASE_URL (PGlite's data
 * folder can only be opened by the app process, which runs its own worker).
 */
import { config } from '../lib/config';
import { getContext, shutdownContext } from '../lib/runtime';
import { startWorker } from './runtime';
import { serveWorkerHealth } from './health-server';

const cfg = config();
if (cfg.mode !== 'postgres') {
  console.error('npm run worker needs DATABASE_URL (postgres://…). On the embedded default the app runs its own worker.');
  process.exit(2);
}
const ctx = await getContext(cfg);
const worker = await startWorker(ctx, { concurrency: cfg.worker.concurrency });
console.log(`[worker] pid ${process.pid} serving ${cfg.databaseUrl?.replace(/\/\/[^@]*@/, '//***@')}`);
const health = cfg.worker.healthPort ? serveWorkerHealth(ctx, worker, cfg.worker.healthPort) : null;
if (health) console.log(`[worker] health check on http://0.0.0.0:${cfg.worker.healthPort}/health`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`[worker] ${sig}: finishing current job`);
    health?.close();
    await worker.stop();
    await shutdownContext();
    process.exit(0);
  });
}
