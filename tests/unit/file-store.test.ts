import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
});
