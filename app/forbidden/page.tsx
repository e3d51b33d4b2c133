import Link from 'next/link';
import { currentUser } from '../../lib/auth/page-guard';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Not allowed — SewerScope' };

const NEEDS: Record<string, string> = {
  'inspection:read': 'any signed-in role',
  'inspection:write': 'the inspector role',
  'review:write': 'the engineer role',
  'report:export': 'the engineer role',
  'admin:users': 'the administrator role',
};

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { need } = await searchParams;
  const user = await currentUser();
  return (
    <div className="space-y-3" data-testid="forbidden">
      <h1 className="text-2xl font-semibold">Not allowed</h1>
      <p className="text-slate-700">
        {user ? <>You are signed in as <b>{user.email}</b> ({user.role ?? 'no role'}).</> : 'You are not signed in.'} This page needs{' '}
        {NEEDS[need ?? ''] ?? 'another role'}. Ask an administrator if you should have access.
      </p>
      <Link href="/" className="text-teal-700 hover:underline">Back to inspections</Link>
    </div>
  );
}
