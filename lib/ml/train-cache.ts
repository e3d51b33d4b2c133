import { readFile, writeFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { SewerMlDataset } from './dataset';

/**
 * A preprocessed data set (normalized, resized, labelled) in one gzip file, so repeated
 * training runs — or a run on another machine without sharp/OpenCV — skip decoding and
 * normalizing thousands of images. Layout: u32 header length, JSON header, images, labels, water.
 */
export const CACHE_SUFFIX = '.sewerds.gz';

interface Header {
  format: 'sewerds/1';
  n: number;
  inputSize: number;
  numClasses: number;
  files: string[];
  /** Free text: where the data came from and how it was preprocessed. */
  source: string;
  normalized: boolean;
}

export async function writeDatasetCache(file: string, ds: SewerMlDataset, source: string, normalized: boolean): Promise<void> {
  const header: Header = { format: 'sewerds/1', n: ds.n, inputSize: ds.inputSize, numClasses: ds.labels.length / ds.n, files: ds.files, source, normalized };
  const h = Buffer.from(JSON.stringify(header));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length);
  const body = Buffer.concat([len, h, ds.images, ds.labels, new Uint8Array(ds.water.buffer, ds.water.byteOffset, ds.water.byteLength)]);
  await writeFile(file, gzipSync(body, { level: 6 }));
}

export async function readDatasetCache(file: string): Promise<{ ds: SewerMlDataset; source: string; normalized: boolean }> {
  const body = gunzipSync(await readFile(file));
  const hl = body.readUInt32LE(0);
  const header = JSON.parse(body.subarray(4, 4 + hl).toString('utf8')) as Header;
  if (header.format !== 'sewerds/1') throw new Error(`${file}: not a sewer data-set cache`);
  let o = 4 + hl;
  const take = (bytes: number) => {
    const out = new Uint8Array(bytes);
    out.set(body.subarray(o, o + bytes));
    o += bytes;
    return out;
  };
  const images = take(header.n * header.inputSize * header.inputSize * 3);
  const labels = take(header.n * header.numClasses);
  const water = new Int8Array(take(header.n).buffer);
  return { ds: { n: header.n, inputSize: header.inputSize, images, labels, water, files: header.files }, source: header.source, normalized: header.normalized };
}
