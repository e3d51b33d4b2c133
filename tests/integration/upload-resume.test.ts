import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tus from 'tus-js-client';
import { eq } from 'drizzle-orm';
import { inspections } from '../../lib/db/schema';
import { createUploadServer } from '../../lib/upload/tus-server';
import { createSegment } from '../../lib/services/segments/create-segment';
import { tempDir } from '../fixtures/make-video';
import { makeTestContext, type TestContext } from './helpers/test-context';

/**
 * A tus upload whose connection is lost at 50 % (the server side drops the socket once half
 * the file has arrived, as a closed laptop or a dead network would) and is resumed from the
 * offset the server reports: the stored file is byte-identical to the source, and the resume
 * sent only the missing bytes. The upload server is the one the route uses
 * (createUploadServer) behind a real HTTP listener; no auth at this level.
 */
const SIZE = 24 * 1024 * 1024;
const dir = tempDir('sewer-upload-resume-');
const source = path.join(dir, 'inspection.mp4');
const sha256 = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');

let t: TestContext;
let http_: http.Server;
let base = '';
/** Every request the server saw: method, Upload-Offset and declared body length (the body itself is tus' to read). */
const seen: { method: string; offset: string | undefined; length: number }[] = [];
/** When set, the next PATCH's connection is cut once this many body bytes came in. */
let cutAfter: number | null = null;

function cutWhenReceived(req: http.IncomingMessage, bytes: number) {
  const start = req.socket.bytesRead;
  const timer = setInterval(() => {
    if (req.socket.bytesRead - start >= bytes) {
      clearInterval(timer);
      req.socket.destroy();
    }
  }, 1);
  req.socket.once('close', () => clearInterval(timer));
}

beforeAll(async () => {
  fs.writeFileSync(source, crypto.randomBytes(SIZE));
  t = await makeTestContext('pglite');
  const tusServer = createUploadServer(t.ctx);
  http_ = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', offset: req.headers['upload-offset'] as string | undefined, length: Number(req.headers['content-length'] ?? 0) });
    if (req.method === 'PATCH' && cutAfter !== null) {
      cutWhenReceived(req, cutAfter);
      cutAfter = null;
    }
    void tusServer.handle(req, res);
  });
  await new Promise<void>((r) => http_.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http_.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => http_?.close(r));
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function upload(file: Buffer, opts: { segmentId: string; uploadUrl?: string }) {
  return new Promise<{ url: string; error?: Error; body?: string }>((resolve) => {
    const up = new tus.Upload(file, {
      endpoint: `${base}/api/uploads`,
      uploadUrl: opts.uploadUrl,
      metadata: { filename: 'inspection.mp4', filetype: 'video/mp4', segmentId: opts.segmentId },
      // No automatic retry: the test resumes by hand, as a reopened browser tab would.
      retryDelays: [],
      onError: (error) => resolve({ url: up.url!, error }),
      onSuccess: ({ lastResponse }) => resolve({ url: up.url!, body: lastResponse.getBody() }),
    });
    up.start();
  });
}

async function serverOffset(url: string): Promise<number> {
  const res = await fetch(url, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0' } });
  expect(res.status).toBe(200);
  return Number(res.headers.get('upload-offset'));
}

describe('tus upload interrupted at 50 % and resumed', () => {
  it('stores a byte-identical file and resumes from the server offset', async () => {
    const seg = await createSegment(t.ctx, { assetId: 'UP-RESUME', upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'PVC', lengthM: 10, direction: 'upstream', inspectionDate: '2026-01-02' });
    const file = fs.readFileSync(source);
    const t0 = Date.now();

    cutAfter = SIZE / 2;
    const first = await upload(file, { segmentId: seg.id });
    expect(first.error).toBeDefined();
    // The server finishes writing what reached it once the cut connection closes.
    await new Promise((r) => setTimeout(r, 300));
    const offset = await serverOffset(first.url);
    expect(offset).toBeGreaterThan(SIZE * 0.4);
    expect(offset).toBeLessThan(SIZE * 0.6);

    const before = seen.length;
    const second = await upload(file, { segmentId: seg.id, uploadUrl: first.url });
    expect(second.error).toBeUndefined();
    const ms = Date.now() - t0;

    // The resume asked where to continue (HEAD) and sent exactly the missing bytes.
    const resumed = seen.slice(before);
    expect(resumed.map((r) => r.method)).toEqual(['HEAD', 'PATCH']);
    expect(Number(resumed[1].offset)).toBe(offset);
    expect(resumed[1].length).toBe(SIZE - offset);

    const id = new URL(first.url).pathname.split('/').pop()!;
    const stored = fs.readFileSync(t.ctx.store.videoPath(id));
    expect(stored.length).toBe(SIZE);
    expect(sha256(stored)).toBe(sha256(file));

    const { inspectionId } = JSON.parse(second.body ?? '{}') as { inspectionId: string };
    const [insp] = await t.ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
    expect(insp.videoKey).toBe(id);
    expect(insp.sizeBytes).toBe(SIZE);
    console.log(
      `upload resume: ${SIZE / 2 ** 20} MiB, connection cut after 50 % arrived, server had ${offset} bytes (${((offset / SIZE) * 100).toFixed(1)} %), ` +
        `resume sent ${resumed[1].length} bytes; sha256 identical; ${ms} ms in all`,
    );
  });
});
