import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from '@tus/server';
import { createUploadServer } from '../../lib/upload/tus-server';
import { createSegment } from '../../lib/services/segments/create-segment';
import { getInspection } from '../../lib/services/inspections/get-inspection';
import { makeVideo, tempDir } from '../fixtures/make-video';
import { makeTestContext, type TestContext } from './helpers/test-context';

/**
 * The tus upload server as the route runs it (lib/upload/tus-server.ts, no HTTP listener and no
 * session: auth lives in the route), against a real file store: limits and type refusals happen at
 * creation with a JSON message, and hostile names never become paths.
 */
const MAX = 1024 * 1024;
const BASE = 'http://localhost';

const metadata = (m: Record<string, string>) =>
  Object.entries(m).map(([k, v]) => `${k} ${Buffer.from(v, 'utf8').toString('base64')}`).join(',');

function create(server: Server, headers: Record<string, string>, meta: Record<string, string>): Promise<Response> {
  return server.handleWeb(new Request(`${BASE}/api/uploads`, { method: 'POST', headers: { 'Tus-Resumable': '1.0.0', 'Upload-Metadata': metadata(meta), ...headers } }));
}

function patch(server: Server, location: string, body: Buffer, offset = 0, extra: Record<string, string> = {}): Promise<Response> {
  return server.handleWeb(
    new Request(new URL(location, BASE), {
      method: 'PATCH',
      headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream', 'Content-Length': String(body.length), ...extra },
      body: new Uint8Array(body),
    }),
  );
}

/** Every file under a folder, relative to it. */
function tree(root: string): string[] {
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.relative(root, path.join(d.parentPath, d.name)));
}

const dir = tempDir('sewer-hostile-uploads-');
let video: Buffer;
beforeAll(async () => {
  video = fs.readFileSync(await makeVideo(path.join(dir, 'tiny.mp4'), { seconds: 1, width: 64, height: 48 }));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('tus upload server with hostile requests (pglite)', () => {
  let t: TestContext;
  let server: Server;
  let segmentId: string;
  const uploads = () => fs.readdirSync(t.ctx.store.uploadDir);
  beforeAll(async () => {
    // Nested in this test's own folder, so "../../x" from the upload folder stays inside `dir`.
    t = await makeTestContext('pglite', { SEWER_MAX_UPLOAD_BYTES: String(MAX), SEWER_DATA_DIR: path.join(dir, 'a', 'b', 'data') });
    server = createUploadServer(t.ctx);
    segmentId = (await createSegment(t.ctx, { assetId: 'UP-1', upstreamManhole: 'A', downstreamManhole: 'B', diameterMm: 300, material: 'PVC', lengthM: 10, direction: 'upstream', inspectionDate: '2026-01-02' })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses at creation, with a JSON sentence and nothing stored: too large, empty, wrong type or extension, no segment', async () => {
    const cases: [Record<string, string>, Record<string, string>, number, string | RegExp][] = [
      [{ 'Upload-Length': String(MAX + 1) }, { filename: 'big.mp4', filetype: 'video/mp4', segmentId }, 413, 'The file is 1.0 MiB; the largest accepted upload is 1.0 MiB'],
      [{ 'Upload-Length': String(50 * 1024 ** 3) }, { filename: 'huge.mp4', segmentId }, 413, 'The file is 50.0 GiB; the largest accepted upload is 1.0 MiB'],
      [{ 'Upload-Length': '0' }, { filename: 'zero.mp4', segmentId }, 400, 'The file is empty (0 bytes)'],
      [{ 'Upload-Length': '10' }, { filename: 'tool.exe', filetype: 'application/x-msdownload', segmentId }, 415, /^"\.exe" files are not accepted; upload a video \(\.mp4, \.m4v, /],
      [{ 'Upload-Length': '10' }, { filename: 'video.mp4\u0000.exe', segmentId }, 415, /^"\.exe" files are not accepted/],
      [{ 'Upload-Length': '10' }, { filename: 'frame.mp4', filetype: 'image/png', segmentId }, 415, 'The file is declared as "image/png", not a video; upload a video file'],
      [{ 'Upload-Length': '10' }, { filename: 'README', segmentId }, 415, /^the file name has no extension/],
      [{ 'Upload-Length': '10' }, { filename: 'a.mp4', segmentId: "'; DROP TABLE segments; --" }, 400, 'Upload metadata must name a segmentId'],
      [{ 'Upload-Length': '10' }, { filename: 'a.mp4', segmentId: crypto.randomUUID() }, 404, 'Segment not found'],
    ];
    for (const [headers, meta, status, message] of cases) {
      const res = await create(server, headers, meta);
      const body = await res.text();
      expect(res.status, JSON.stringify(meta)).toBe(status);
      expect(JSON.parse(body).error, JSON.stringify(meta)).toMatch(message);
    }
    expect(uploads()).toEqual([]);
  });

  it('holds a deferred-length upload to the limit as the bytes arrive', async () => {
    // Declaring the length with the first PATCH, and not declaring it at all (bytes just keep coming).
    for (const declare of [{ 'Upload-Length': String(MAX + 1) }, {}] as Record<string, string>[]) {
      const res = await create(server, { 'Upload-Defer-Length': '1' }, { filename: 'stream.mp4', segmentId });
      expect(res.status).toBe(201);
      const location = res.headers.get('location')!;
      const over = await patch(server, location, Buffer.alloc(MAX + 1), 0, declare);
      expect(over.status).toBe(413);
      expect(fs.statSync(path.join(t.ctx.store.uploadDir, path.basename(location))).size).toBe(0);
    }
  });

  it('stores hostile names under generated keys; the name survives only as cleaned metadata', async () => {
    const names: [string, string][] = [
      ['../../etc/passwd.mp4', '../../etc/passwd.mp4'],
      ['..\\..\\x.mp4', '..\\..\\x.mp4'],
      ['/abs/path/run.mp4', '/abs/path/run.mp4'],
      ['관로 조사.mp4', '관로 조사.mp4'],
      ['nul\u0000and\r\nnewline\u001b.mp4', 'nulandnewline.mp4'],
      ['<script>alert(1)</script>.mp4', '<script>alert(1)</script>.mp4'],
      [`${'x'.repeat(296)}.mp4`, `${'x'.repeat(251)}.mp4`],
    ];
    const before = new Set(tree(dir));
    for (const [name, kept] of names) {
      const res = await create(server, { 'Upload-Length': String(video.length) }, { filename: name, filetype: 'video/mp4', segmentId });
      expect(res.status, name).toBe(201);
      const location = res.headers.get('location')!;
      expect(location).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
      const done = await patch(server, location, video);
      expect(done.status, name).toBe(200);
      const { inspectionId } = (await done.json()) as { inspectionId: string };
      const { inspection } = await getInspection(t.ctx, inspectionId);
      expect(inspection.originalFilename, name).toBe(kept);
      expect(inspection.videoKey).toBe(path.basename(location));
      expect(fs.readFileSync(t.ctx.store.videoPath(inspection.videoKey)).equals(video)).toBe(true);
      expect(fs.existsSync(path.resolve(t.ctx.store.uploadDir, name.replace(/\u0000/g, '')))).toBe(false);
    }
    // Only <key> and tus's <key>.json sidecar in the upload folder, and nothing new anywhere else
    // in the test's folder (where "../../etc/passwd.mp4" from the upload folder would land).
    for (const f of uploads()) expect(f).toMatch(/^[0-9a-f]{32}(\.json)?$/);
    const added = tree(dir).filter((f) => !before.has(f));
    expect(added.length).toBe(2 * names.length);
    for (const f of added) expect(f).toMatch(/^a\/b\/data\/uploads\/[0-9a-f]{32}(\.json)?$/);
  });
});
