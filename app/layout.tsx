import type { Metadata } from 'next';
import Link from 'next/link';
import './globals.css';

export const metadata: Metadata = {
  title: 'SewerScope — CCTV inspection',
  description: 'Sewer-pipe CCTV inspection: upload, automatic defect detection, review and reports.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="bg-slate-900 text-white">
          <nav className="mx-auto flex max-w-6xl items-center gap-6 px-4 py-3 text-sm">
            <Link href="/" className="text-base font-semibold tracking-tight">
              SewerScope
            </Link>
            <Link href="/" className="text-slate-300 hover:text-white">Inspections</Link>
            <Link href="/segments" className="text-slate-300 hover:text-white">Segments</Link>
            <Link href="/review" className="text-slate-300 hover:text-white">Review</Link>
            <Link href="/planning" className="text-slate-300 hover:text-white">Planning</Link>
            <Link href="/segments/new" className="ml-auto rounded bg-teal-600 px-3 py-1.5 font-medium hover:bg-teal-500">
              New segment
            </Link>
          </nav>
        </header>
        <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
      </body>
    </html>
  );
}
