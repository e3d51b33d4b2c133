import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A real `npm run worker` process (workers/main.ts), started as ONE node process
 * (`node --import tsx`, not npx → tsx → node) so that its pid is the worker itself and
 * SIGKILL hits the process that holds the job.
 */
export interface WorkerProcess {
  pid: number;
  /** Every stdout/stderr line so far. */
  lines: string[];
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** Wait for a line matching `re` (already seen or coming). */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
}

export function spawnWorker(env: Record<string, string>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const onData = (buf: Buffer) => {
    for (const line of buf.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      if (process.env.SEWER_TEST_WORKER_LOG) console.log(`[child ${child.pid}] ${line}`);
      for (const w of waiters.splice(0)) (w.re.test(line) ? w.resolve(line) : waiters.push(w));
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    pid: child.pid!,
    lines,
    exited,
    kill: (signal) => void child.kill(signal),
    waitForLine(re, timeoutMs = 60_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker ${child.pid}: no line matching ${re} in ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(({ code, signal }) => reject(new Error(`worker ${child.pid} exited (${code ?? signal}) before ${re}:\n${lines.join('\n')}`)));
      });
    },
  };
}

/** Stop a worker that may already be gone; SIGKILL if it ignores SIGTERM for 10 s. */
export async function stopWorker(w: WorkerProcess | undefined): Promise<void> {
  if (!w) return;
  const gone = await Promise.race([w.exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 0))]);
  if (gone) return;
  w.kill('SIGTERM');
  const t = setTimeout(() => w.kill('SIGKILL'), 10_000);
  await w.exited;
  clearTimeout(t);
}
