/**
 * Next.js start-up hook. On the embedded default (no DATABASE_URL) the app process
 * owns the PGlite database, so it also runs the one worker; with Postgres, workers
 * are separate processes unless SEWER_EMBEDDED_WORKER=1.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { bootEmbeddedWorker } = await import('./workers/embedded');
  await bootEmbeddedWorker();
}
