'use client';

import { useState } from 'react';

/**
 * Damage-report downloads for one inspection. Default scope is what engineers accepted; the
 * checkbox adds the model's unreviewed observations, which the files mark as unreviewed.
 */
export function ReportDownloads({ inspectionId }: { inspectionId: string }) {
  const [includeUnreviewed, setIncludeUnreviewed] = useState(false);
  const q = includeUnreviewed ? '?include=unreviewed' : '';
  const href = (f: 'pdf' | 'csv' | 'json') => `/api/inspections/${inspectionId}/report/${f}${q}`;
  return (
    <section data-testid="report-downloads" className="flex flex-wrap items-center gap-3 rounded border border-slate-200 bg-white px-4 py-3 text-sm shadow-sm">
      <span className="font-medium text-slate-700">Damage report</span>
      {(['pdf', 'csv', 'json'] as const).map((f) => (
        <a key={f} href={href(f)} download data-testid={`download-${f}`} className="rounded border border-teal-700 px-3 py-1 font-medium text-teal-800 hover:bg-teal-50">
          {f.toUpperCase()}
        </a>
      ))}
      <label className="ml-2 flex items-center gap-2 text-slate-600">
        <input type="checkbox" data-testid="include-unreviewed" checked={includeUnreviewed} onChange={(e) => setIncludeUnreviewed(e.target.checked)} />
        include unreviewed observations (marked)
      </label>
      <span className="text-xs text-slate-500">{includeUnreviewed ? 'Ratings over accepted + unreviewed.' : 'Only reviewed and accepted observations; ratings over those.'}</span>
    </section>
  );
}
