/**
 * Next.js start-up hook. Makes sure an administrator can exist (first run: from env or a
 * one-time setup link printed here). On the embedded default (no DATABASE_URL) the app process
 * owns the PGlite database, so it also runs the one worker; with Postgres, workers are separate
 * processes unless SEWER_EMBEDDED_WORKER=1.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  if (process.env.NEXT_PHASE === 'phase-production-build') return;
  const { getContext } = await import('./lib/runtime');
  const { ensureFirstAdmin } = await import('./lib/services/users/first-run');
  const first = await ensureFirstAdmin(await getContext());
  if (first.kind === 'admin-from-env') console.log(`[auth] created the administrator ${first.email} (from SEWER_ADMIN_EMAIL)`);
  if (first.kind === 'setup-link') console.log(`[auth] no users yet. Create the administrator (link valid 24 h, once):\n\n    ${first.url}\n`);
  const { bootEmbeddedWorker } = await import('./workers/embedded');
  await bootEmbeddedWorker();
}
