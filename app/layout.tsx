import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';
import { currentUser } from '../lib/auth/page-guard';
import { NavLinks } from './components/nav-links';

export const metadata: Metadata = {
  title: 'SewerScope — CCTV inspection',
  description: 'Sewer-pipe CCTV inspection: upload, automatic defect detection, review and reports.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="bg-slate-900 text-white">
          <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 text-sm">
            <Link href="/" className="text-base font-semibold tracking-tight">
              SewerScope
            </Link>
            <NavLinks user={user} />
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
