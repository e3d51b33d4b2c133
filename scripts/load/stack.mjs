/**
 * --spawn: start the app (`npm start`'s script, no embedded worker) and N worker processes
 * (`npm run worker`'s entry, as single node processes) for the load test, and stop exactly
 * those processes afterwards.
 */
import { spawn } from 'node:child_process';
import { descendantsOf, findProcesses, SERVER_RE } from './proc.mjs';

function launch(label, args, env, root) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (buf) => buf.toString().split('\n').filter(Boolean).map((l) => `[${label}] ${l}`).join('\n');
  child.stdout.on('data', (b) => process.env.LOAD_VERBOSE && console.log(prefix(b)));
  child.stderr.on('data', (b) => console.error(prefix(b)));
  return child;
}

async function waitHealthy(base, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`the app at ${base} did not become healthy in ${timeoutMs / 1000} s`);
}

export async function startStack({ root, base, port, workers, env }) {
  const app = launch('app', ['scripts/start.mjs'], { ...env, PORT: String(port), SEWER_EMBEDDED_WORKER: '0' }, root);
  // First start builds the app (minutes on 2 cores).
  await waitHealthy(base, 20 * 60_000);
  const serverPid = findProcesses(SERVER_RE).find((p) => descendantsOf(app.pid).includes(p)) ?? app.pid;
  const ws = Array.from({ length: workers }, (_, i) => launch(`worker${i + 1}`, ['--import', 'tsx', 'workers/main.ts'], env, root));
  await new Promise((r) => setTimeout(r, 3000));
  for (const w of ws) if (w.exitCode !== null) throw new Error(`worker ${w.pid} exited with ${w.exitCode}`);
  return {
    serverPid,
    workerPids: ws.map((w) => w.pid),
    async stop() {
      for (const c of [...ws, app]) if (c.exitCode === null) c.kill('SIGTERM');
      await Promise.all([...ws, app].map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    },
  };
}
