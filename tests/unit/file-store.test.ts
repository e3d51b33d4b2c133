import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FileStore } from '../../lib/adapters/file-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sewer-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('FileStore.writeAtomic', () => {
  it('survives concurrent writers of the same file in one process (one whole version wins, no temp left)', async () => {
    const store = new FileStore({ uploadDir: path.join(dir, 'u'), framesDir: path.join(dir, 'f') });
    const file = store.framePath('6f1c2d7e-0000-4000-8000-000000000001', 7, 'norm');
    const versions = Array.from({ length: 8 }, (_, i) => Buffer.alloc(50_000, i));
    // Before temp names were unique per call, the second rename failed with ENOENT.
    await Promise.all(versions.map((v) => store.writeAtomic(file, v)));
    const got = await store.read(file);
    expect(versions.some((v) => v.equals(got!))).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('creates the inspection folder on the first write and again after it was removed', async () => {
    const store = new FileStore({ uploadDir: path.join(dir, 'u2'), framesDir: path.join(dir, 'f2') });
    const id = '6f1c2d7e-0000-4000-8000-000000000002';
    await store.writeAtomic(store.framePath(id, 1, 'raw'), Buffer.from('one'));
    fs.rmSync(store.frameDir(id), { recursive: true });
    await store.writeAtomic(store.framePath(id, 2, 'raw'), Buffer.from('two'));
    expect((await store.read(store.framePath(id, 2, 'raw')))!.toString()).toBe('two');
    expect(fs.readdirSync(store.frameDir(id))).toEqual([path.basename(store.framePath(id, 2, 'raw'))]);
  });

  it('still reports a write that fails for another reason, and removes its temp file', async () => {
    const store = new FileStore({ uploadDir: path.join(dir, 'u3'), framesDir: path.join(dir, 'f3') });
    const id = '6f1c2d7e-0000-4000-8000-000000000003';
    const file = store.framePath(id, 1, 'raw');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.mkdirSync(file); // the target name is taken by a folder: rename must fail
    await expect(store.writeAtomic(file, Buffer.from('x'))).rejects.toThrow();
    expect(fs.readdirSync(path.dirname(file))).toEqual([path.basename(file)]); // no temp file left behind
  });

  it('a write cut short (disk full) leaves neither the target nor a partial temp file', async () => {
    const store = new FileStore({ uploadDir: path.join(dir, 'u4'), framesDir: path.join(dir, 'f4') });
    const file = store.framePath('6f1c2d7e-0000-4000-8000-000000000004', 1, 'raw');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const real = fs.promises.writeFile.bind(fs.promises);
    const spy = vi.spyOn(fs.promises, 'writeFile').mockImplementationOnce(async (p, data) => {
      await real(p as string, (data as Buffer).subarray(0, 10)); // half-written, then the disk fills up
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    try {
      await expect(store.writeAtomic(file, Buffer.alloc(1000, 7))).rejects.toThrow(/ENOSPC/);
    } finally {
      spy.mockRestore();
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });
});
