import path from 'node:path';
import { z } from 'zod';

/**
 * The one typed, frozen configuration object. Everything tunable lives here and is
 * read from the environment once; code never reads process.env directly.
 */
const EnvSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  SEWER_DATA_DIR: z.string().default('.data'),
  PORT: z.coerce.number().int().positive().default(3000),
  SEWER_SAMPLE_FPS: z.coerce.number().positive().max(30).default(5),
  SEWER_FRAME_WIDTH: z.coerce.number().int().min(64).max(1920).default(640),
  SEWER_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(20 * 1024 ** 3),
  /** File name extensions an upload may have (comma separated, case-insensitive). */
  SEWER_UPLOAD_EXTENSIONS: z.string().default('mp4,m4v,mov,avi,mkv,mpg,mpeg,m2v,mpe,vob,ts,mts,m2ts,wmv,asf,webm,3gp,flv,dv,mxf'),
  /** Declared content types accepted besides an empty one; "video/*" means any video type. */
  SEWER_UPLOAD_TYPES: z.string().default('video/*,application/octet-stream,application/mp4,application/x-matroska,application/vnd.ms-asf,application/mxf'),
  SEWER_MAX_VIDEO_PIXELS: z.coerce.number().int().positive().default(4096 * 2160),
  SEWER_MAX_VIDEO_SECONDS: z.coerce.number().positive().default(4 * 3600),
  SEWER_CHUNK_SECONDS: z.coerce.number().positive().default(120),
  SEWER_EMBEDDED_WORKER: z.enum(['0', '1']).optional(),
  SEWER_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(1),
  /** `npm run worker` answers GET /health on this port (for a load balancer or orchestrator); unset = off. */
  SEWER_WORKER_HEALTH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SEWER_TF_BACKEND: z.enum(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).optional(),
  SEWER_MODEL: z.string().default('models/sewer-mobilenet'),
  FFMPEG_PATH: z.string().optional(),
  FFPROBE_PATH: z.string().optional(),
  SEWER_CLAHE_CLIP: z.coerce.number().positive().default(2.0),
  SEWER_CLAHE_TILE: z.coerce.number().int().min(1).max(64).default(8),
  SEWER_NORM_WORK_WIDTH: z.coerce.number().int().min(0).max(8192).default(256),
  SEWER_ILLUM_SIGMA_FRAC: z.coerce.number().positive().max(1).default(0.12),
  /** Signs session cookies; when unset, one is generated once and kept in the data folder. */
  SEWER_AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** The address users reach the app at (cookies, CSRF origin check); default http://localhost:PORT. */
  SEWER_PUBLIC_URL: z.string().url().optional(),
  /** First run: create this admin (no default password exists; without these a one-time setup link is printed). */
  SEWER_ADMIN_EMAIL: z.string().email().optional(),
  SEWER_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
});

export type Env = z.infer<typeof EnvSchema>;

export interface NormalizationConfig {
  /** CLAHE clip limit on the L channel of Lab. */
  claheClip: number;
  /** CLAHE tile grid (tiles per side). */
  claheTile: number;
  /** Gaussian sigma for the illumination (vignetting/shadow) estimate, as a fraction of frame width. */
  illumSigmaFrac: number;
  /** Gray-world white balance on/off. */
  grayWorld: boolean;
  /**
   * The MODEL's input is normalized at this width: wider frames are area-resized to it (aspect
   * kept) first, so CLAHE tiles and the illumination blur span the same image fraction at the same
   * pixel scale as in training (256-px synthetic stills), and a 640-px frame costs ~1/6 of the work.
   * Absent/0 = at the source size (models trained before 1.3.0). Reviewers' views are normalized
   * at full size regardless.
   */
  workWidth?: number;
}

export interface AppConfig {
  mode: 'embedded' | 'postgres';
  databaseUrl?: string;
  dataDir: string;
  uploadDir: string;
  framesDir: string;
  pgliteDir: string;
  port: number;
  sampling: { fps: number; frameWidth: number; chunkSeconds: number };
  limits: {
    maxUploadBytes: number;
    maxVideoPixels: number;
    maxVideoSeconds: number;
    /** Lower-case extensions without the dot. */
    uploadExtensions: readonly string[];
    /** Lower-case content types; a trailing "/*" matches the whole family. */
    uploadTypes: readonly string[];
  };
  worker: { embedded: boolean; concurrency: number; healthPort?: number };
  normalization: NormalizationConfig;
  ml: { backend?: Env['SEWER_TF_BACKEND']; modelDir: string };
  auth: { secret?: string; publicUrl: string; admin?: { email: string; password: string } };
  ffmpegPath?: string;
  ffprobePath?: string;
}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable means "not set" (e.g. DATABASE_URL= to force the embedded default).
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${issues}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.SEWER_DATA_DIR);
  const mode = e.DATABASE_URL ? 'postgres' : 'embedded';
  return Object.freeze({
    mode,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    uploadDir: path.join(dataDir, 'uploads'),
    framesDir: path.join(dataDir, 'frames'),
    pgliteDir: path.join(dataDir, 'pglite'),
    port: e.PORT,
    sampling: Object.freeze({
      fps: e.SEWER_SAMPLE_FPS,
      frameWidth: e.SEWER_FRAME_WIDTH,
      chunkSeconds: e.SEWER_CHUNK_SECONDS,
    }),
    limits: Object.freeze({
      maxUploadBytes: e.SEWER_MAX_UPLOAD_BYTES,
      maxVideoPixels: e.SEWER_MAX_VIDEO_PIXELS,
      maxVideoSeconds: e.SEWER_MAX_VIDEO_SECONDS,
      uploadExtensions: Object.freeze(csvList(e.SEWER_UPLOAD_EXTENSIONS).map((x) => x.replace(/^\./, ''))),
      uploadTypes: Object.freeze(csvList(e.SEWER_UPLOAD_TYPES)),
    }),
    // Embedded mode runs one worker in the app process unless told otherwise;
    // with Postgres, workers are separate processes (`npm run worker`) by default.
    worker: Object.freeze({
      embedded: e.SEWER_EMBEDDED_WORKER ? e.SEWER_EMBEDDED_WORKER === '1' : mode === 'embedded',
      concurrency: e.SEWER_WORKER_CONCURRENCY,
      healthPort: e.SEWER_WORKER_HEALTH_PORT,
    }),
    normalization: Object.freeze({
      claheClip: e.SEWER_CLAHE_CLIP,
      claheTile: e.SEWER_CLAHE_TILE,
      illumSigmaFrac: e.SEWER_ILLUM_SIGMA_FRAC,
      grayWorld: true,
      workWidth: e.SEWER_NORM_WORK_WIDTH,
    }),
    ml: Object.freeze({ backend: e.SEWER_TF_BACKEND, modelDir: path.resolve(e.SEWER_MODEL) }),
    auth: Object.freeze({
      secret: e.SEWER_AUTH_SECRET,
      publicUrl: (e.SEWER_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
      admin: e.SEWER_ADMIN_EMAIL && e.SEWER_ADMIN_PASSWORD ? { email: e.SEWER_ADMIN_EMAIL, password: e.SEWER_ADMIN_PASSWORD } : undefined,
    }),
    ffmpegPath: e.FFMPEG_PATH,
    ffprobePath: e.FFPROBE_PATH,
  });
}

function csvList(s: string): string[] {
  return s.split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
