/**
 * Linux /proc helpers for the load test: resident memory of a process (and of its
 * descendants, e.g. a worker's ffmpeg), and finding the app / worker processes by command line.
 */
import fs from 'node:fs';

export function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0; // gone
  }
}

export function childrenOf(pid) {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((t) => fs.readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

export function descendantsOf(pid) {
  const out = [];
  for (const c of childrenOf(pid)) out.push(c, ...descendantsOf(c));
  return out;
}

function cmdline(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/**
 * Processes whose command line matches, keeping only the innermost of a chain
 * (npm → sh → tsx → node: the last one does the work and holds the memory).
 */
export function findProcesses(re) {
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((p) => p !== process.pid);
  const hits = pids.filter((p) => re.test(cmdline(p)));
  return hits.filter((p) => !descendantsOf(p).some((d) => hits.includes(d)));
}

export const SERVER_RE = /next-server|next\/dist\/bin\/next start|\bnext start\b/;
export const WORKER_RE = /workers\/main\.ts/;

/** Samples RSS every `everyMs`; peak() gives the largest value seen per label. */
export function startRssSampler(targets, everyMs = 500) {
  const peaks = Object.fromEntries(targets.map((t) => [t.label, { self: 0, withChildren: 0 }]));
  const sample = () => {
    for (const t of targets) {
      const self = rssBytes(t.pid);
      const all = self + descendantsOf(t.pid).reduce((s, d) => s + rssBytes(d), 0);
      const p = peaks[t.label];
      p.self = Math.max(p.self, self);
      p.withChildren = Math.max(p.withChildren, all);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peaks;
    },
  };
}
