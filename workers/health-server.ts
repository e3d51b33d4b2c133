import http from 'node:http';
import type { ServiceContext } from '../lib/services/context';
import { healthReport, WORKER_STALE_AFTER_S } from '../lib/services/health/health-report';
import { errorMessage } from '../lib/util/error-message';
import type { WorkerHandle } from './runtime';

/**
 * A worker process's own health check: GET /health → 200 while its heartbeat reaches the database
 * (written within WORKER_STALE_AFTER_S), else 503; the body adds its job counts and the queue depths.
 */
export function serveWorkerHealth(ctx: ServiceContext, worker: WorkerHandle, port: number): http.Server {
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/health') {
      res.writeHead(404).end();
      return;
    }
    const written = worker.lastHeartbeatWritten();
    const ageS = written ? Math.round((Date.now() - written.getTime()) / 1000) : null;
    const alive = ageS !== null && ageS <= WORKER_STALE_AFTER_S;
    const body: Record<string, unknown> = { ok: alive, pid: process.pid, heartbeatAgeS: ageS, jobs: worker.stats() };
    try {
      body.queues = (await healthReport(ctx)).queues;
    } catch (err) {
      body.ok = false;
      body.error = errorMessage(err);
    }
    res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  });
  server.listen(port);
  return server;
}
