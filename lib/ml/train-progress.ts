/** A one-line progress bar with rate and ETA on stderr (redrawn in place on a TTY, every ~10 s otherwise). */
export class ProgressBar {
  private readonly t0 = performance.now();
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit = 'samples',
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, extra = ''): void {
    const now = performance.now();
    const final = done >= this.total;
    const interval = this.out.isTTY ? 250 : 10_000;
    if (!final && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const secs = (now - this.t0) / 1000;
    const rate = done / Math.max(secs, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const width = 24;
    const filled = Math.round((width * Math.min(done, this.total)) / this.total);
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const line = `${this.label} [${bar}] ${done}/${this.total} ${rate.toFixed(1)} ${this.unit}/s ETA ${formatDuration(eta)}${extra ? ' ' + extra : ''}`;
    if (this.out.isTTY) this.out.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    else this.out.write(line + '\n');
  }
}

export function formatDuration(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  const sec = Math.round(s % 60);
  return m >= 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m` : `${m}:${String(sec).padStart(2, '0')}`;
}
