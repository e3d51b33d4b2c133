import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { makeTestContext, waitFor, type TestContext } from './helpers/test-context';
import { healthReport } from '../../lib/services/health/health-report';
import { workerHeartbeats } from '../../lib/db/schema/worker-heartbeats';
import { enqueue } from '../../lib/jobs/queue';
import { startWorker } from '../../workers/runtime';
import { serveWorkerHealth } from '../../workers/health-server';

let t: TestContext;
beforeAll(async () => {
  t = await makeTestContext('pglite');
});
afterAll(async () => t?.close());

describe('health (PGlite)', () => {
  it('lists live and stale workers, queue depth per job kind, and serves a worker /health', async () => {
    const worker = await startWorker(t.ctx, { log: () => undefined });
    await waitFor(async () => (await healthReport(t.ctx)).liveWorkers === 1, 30_000);
    await t.ctx.db.insert(workerHeartbeats).values({ id: 'gone-host:1', host: 'gone-host', pid: 1, kind: 'process', beatAt: new Date(Date.now() - 300_000) });
    let r = await healthReport(t.ctx);
    expect(r.ok).toBe(true);
    expect(r.workers.find((w) => w.id === 'gone-host:1')).toMatchObject({ stale: true });
    expect(r.liveWorkers).toBe(1);

    const server = serveWorkerHealth(t.ctx, worker, 0);
    await new Promise((res) => server.once('listening', res));
    const port = (server.address() as AddressInfo).port;
    const res = await fetch(`http://127.0.0.1:${port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, jobs: { active: 0 }, queues: { ingest: { queued: 0, active: 0 } } });
    server.close();

    // A stopped worker removes its row; work queued while none runs shows up as depth.
    await worker.stop();
    await enqueue(t.ctx.queue, 'finalize', { inspectionId: '00000000-0000-4000-8000-000000000001' });
    r = await healthReport(t.ctx);
    expect(r.liveWorkers).toBe(0);
    expect(r.queues.finalize.queued).toBe(1);
  });
});
