const STYLES: Record<string, string> = {
  queued: 'bg-slate-200 text-slate-700',
  probing: 'bg-sky-100 text-sky-800',
  processing: 'bg-amber-100 text-amber-800',
  done: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-red-100 text-red-800',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span data-testid="status" className={`inline-block rounded px-2 py-0.5 text-xs font-medium ${STYLES[status] ?? STYLES.queued}`}>
      {status}
    </span>
  );
}
