import { redirect } from 'next/navigation';
import { currentUser } from '../../lib/auth/page-guard';
import { LoginForm } from './login-form';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sign in — SewerScope' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  if (await currentUser()) redirect('/');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Sign in</h1>
      <p className="text-sm text-slate-600">Accounts are created by your SewerScope administrator.</p>
      <LoginForm next={typeof next === 'string' ? next : '/'} />
    </div>
  );
}
