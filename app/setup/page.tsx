import Link from 'next/link';
import { getContext } from '../../lib/runtime';
import { setupOpen } from '../../lib/services/users/first-run';
import { SetupForm } from './setup-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'First-run setup — SewerScope' };

/** Reached through the one-time link the app prints at its first start. */
export default async function SetupPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  if (!(await setupOpen(await getContext()))) {
    return (
      <div className="space-y-3">
        <h1 className="text-2xl font-semibold">Setup is complete</h1>
        <Link href="/login" className="text-teal-700 hover:underline">Sign in</Link>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Create the administrator</h1>
      <p className="text-sm text-slate-600">This one-time page creates the first account. Administrators then add inspectors and engineers.</p>
      {token ? <SetupForm token={token} /> : <p role="alert" className="text-red-700">Open the setup link printed in the app&apos;s log.</p>}
    </div>
  );
}
