'use client';

import type { ReviewView } from '../components/observation-types';

export type HistoryEntry = ReviewView & { inspectionId: string };

function change(r: HistoryEntry): string {
  const a = r.after;
  const b = r.before;
  if (!b) return `${a.code} grade ${a.grade}, ${a.status}`;
  const parts: string[] = [];
  if (b.code !== a.code) parts.push(`${b.code} → ${a.code}`);
  if (b.status !== a.status) parts.push(`${b.status} → ${a.status}`);
  if (b.grade !== a.grade) parts.push(`grade ${b.grade} → ${a.grade}`);
  if (b.remark !== a.remark) parts.push('remark');
  return `${a.code}: ${parts.join(', ') || 'no change'}`;
}

/** The latest decisions, newest first: who did what, and what changed. */
export function AuditHistory({ entries, undone }: { entries: HistoryEntry[]; undone: Set<string> }) {
  return (
    <div className="rounded bg-white p-3 shadow-sm">
      <h3 className="mb-2 text-sm font-semibold">History</h3>
      {entries.length === 0 ? (
        <p className="text-xs text-slate-500">No decisions yet.</p>
      ) : (
        <ol className="max-h-56 space-y-1 overflow-y-auto text-xs" data-testid="audit-history">
          {entries.map((r) => (
            <li key={r.id} data-testid="audit-entry" data-action={r.action} className={`flex gap-2 ${undone.has(r.id) ? 'text-slate-400 line-through' : ''}`}>
              <span className="tabular-nums text-slate-500">{new Date(r.at).toLocaleTimeString()}</span>
              <span className="font-medium" title={r.actor}>{r.actor.replace(/ <[^<>]*>$/, '')}</span>
              <span className="rounded bg-slate-100 px-1">{r.action}</span>
              <span className="truncate">{change(r)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
