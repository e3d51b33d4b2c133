import Link from 'next/link';
import { can } from '../../lib/auth/roles';
import type { SessionUser } from '../../lib/auth/session-user';
import { signOutAction } from '../login/actions';

/** The header's links: only what the user's role may open (the server checks again on every page). */
export function NavLinks({ user }: { user: SessionUser | null }) {
  if (!user) return <Link href="/login" className="ml-auto text-slate-300 hover:text-white">Sign in</Link>;
  const link = 'text-slate-300 hover:text-white';
  return (
    <>
      <Link href="/" className={link}>Inspections</Link>
      <Link href="/segments" className={link}>Segments</Link>
      {can(user.role, 'review:write') ? <Link href="/review" className={link}>Review</Link> : null}
      {can(user.role, 'report:export') ? <Link href="/planning" className={link}>Planning</Link> : null}
      {can(user.role, 'admin:users') ? <Link href="/admin/users" className={link}>Users</Link> : null}
      <span className="ml-auto flex items-center gap-3">
        {can(user.role, 'inspection:write') ? (
          <Link href="/segments/new" className="rounded bg-teal-600 px-3 py-1.5 font-medium hover:bg-teal-500">New segment</Link>
        ) : null}
        <span className="text-slate-400" data-testid="signed-in-as">{user.name} · {user.role ?? 'no role'}</span>
        <form action={signOutAction}>
          <button type="submit" className="text-slate-300 hover:text-white">Sign out</button>
        </form>
      </span>
    </>
  );
}
