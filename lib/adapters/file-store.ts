import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';

/**
 * The file store: uploaded videos and frame images on local disk (or a shared mount
 * that every worker reaches). All names are generated from ids — never from user input —
 * so a file name like "../../etc/passwd" cannot escape the store.
 */
const SAFE_ID = /^[0-9a-f-]{36}$/;

export type FrameVariant = 'norm' | 'raw';

/**
 * Temp-file names: this process's tag (pid plus random bytes, as workers on other machines may share
 * the store's mount and reuse pids) and a counter.
 */
const TMP_TAG = `${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
let tmpSeq = 0;

export class FileStore {
  constructor(private readonly cfg: Pick<AppConfig, 'uploadDir' | 'framesDir'>) {}

  ensureDirs(): void {
    fs.mkdirSync(this.cfg.uploadDir, { recursive: true });
    fs.mkdirSync(this.cfg.framesDir, { recursive: true });
  }

  get uploadDir(): string {
    return this.cfg.uploadDir;
  }

  /** tus upload ids are random hex; anything else is refused. */
  videoPath(videoKey: string): string {
    if (!/^[A-Za-z0-9_-]{8,128}$/.test(videoKey)) throw new Error(`invalid video key`);
    return path.join(this.cfg.uploadDir, videoKey);
  }

  frameDir(inspectionId: string): string {
    if (!SAFE_ID.test(inspectionId)) throw new Error(`invalid inspection id`);
    return path.join(this.cfg.framesDir, inspectionId);
  }

  framePath(inspectionId: string, frameIndex: number, variant: FrameVariant): string {
    if (!Number.isInteger(frameIndex) || frameIndex < 0) throw new Error('invalid frame index');
    return path.join(this.frameDir(inspectionId), `${String(frameIndex).padStart(7, '0')}.${variant}.jpg`);
  }

  /** Annotated snapshot of one observation (written by the finalize job, read by the review UI). */
  snapshotPath(inspectionId: string, observationId: string): string {
    if (!SAFE_ID.test(observationId)) throw new Error('invalid observation id');
    return path.join(this.frameDir(inspectionId), `obs-${observationId}.jpg`);
  }

  /**
   * Write via a temp file + rename so a crash never leaves a half-written image. The folder is
   * created only when the first write into it finds it missing (one mkdir per inspection, not one
   * per frame). The temp name is unique per call, not just per process: two writers of the same
   * file in one process (two observations sharing a best frame render its normalized view at once)
   * must not share a temp file.
   */
  async writeAtomic(file: string, data: Uint8Array): Promise<void> {
    const tmp = `${file}.${TMP_TAG}.${++tmpSeq}.tmp`;
    try {
      try {
        await fs.promises.writeFile(tmp, data);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        await fs.promises.writeFile(tmp, data);
      }
      await fs.promises.rename(tmp, file);
    } catch (err) {
      // A write cut short (disk full) or a failed rename leaves no partial temp file behind.
      await fs.promises.rm(tmp, { force: true });
      throw err;
    }
  }

  async read(file: string): Promise<Buffer | null> {
    try {
      return await fs.promises.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}
