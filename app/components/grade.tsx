/** PACP grade colours, 1 (minor, green) → 5 (most severe, red); the same scale the snapshots use. */
export const GRADE_COLORS: Record<number, string> = { 1: '#16a34a', 2: '#84cc16', 3: '#eab308', 4: '#f97316', 5: '#dc2626' };

export function GradeBadge({ grade, testId }: { grade: number; testId?: string }) {
  return (
    <span data-testid={testId} className="inline-flex h-6 min-w-6 items-center justify-center rounded px-1.5 text-xs font-bold text-white tabular-nums" style={{ backgroundColor: GRADE_COLORS[grade] ?? '#64748b' }} title={`grade ${grade} of 5`}>
      {grade}
    </span>
  );
}

const STATUS_STYLES: Record<string, string> = {
  pending: 'bg-amber-100 text-amber-800',
  accepted: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-slate-200 text-slate-600 line-through',
};

export function ReviewStatusBadge({ status }: { status: string }) {
  return <span className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STATUS_STYLES[status] ?? STATUS_STYLES.pending}`}>{status}</span>;
}
