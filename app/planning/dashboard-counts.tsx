import Link from 'next/link';
import type { DashboardCounts } from '../../lib/services/planning/dashboard-counts';
import { WorstGradeChart } from './worst-grade-chart';

/** The dashboard's headline numbers: pipeline status, review backlog, condition of the network. */
export function DashboardSummary({ c }: { c: DashboardCounts }) {
  const s = c.inspectionsByStatus;
  const running = s.queued + s.probing + s.processing;
  return (
    <section data-testid="dashboard-counts" className="grid gap-4 md:grid-cols-3">
      <div className="rounded bg-white p-4 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">Inspections</h2>
        <dl className="mt-2 grid grid-cols-2 gap-y-1 text-sm">
          <dt className="text-slate-600">done</dt><dd data-testid="count-done" className="text-right font-semibold tabular-nums">{s.done}</dd>
          <dt className="text-slate-600">running</dt><dd data-testid="count-running" className="text-right font-semibold tabular-nums">{running}</dd>
          <dt className="text-slate-600">failed</dt><dd data-testid="count-failed" className={`text-right font-semibold tabular-nums ${s.failed ? 'text-red-700' : ''}`}>{s.failed}</dd>
        </dl>
        <p className="mt-2 text-xs text-slate-500">queued {s.queued} · probing {s.probing} · processing {s.processing}</p>
      </div>
      <div className="rounded bg-white p-4 shadow-sm">
        <h2 className="text-sm font-medium text-slate-500">Awaiting review</h2>
        <p data-testid="count-awaiting-review" className="mt-1 text-3xl font-semibold tabular-nums">{c.awaitingReview}</p>
        <p className="text-sm text-slate-600">observations in {c.inspectionsAwaitingReview} inspection(s)</p>
        {c.awaitingReview ? <Link href="/review" className="mt-2 inline-block text-sm text-teal-700 hover:underline">Open the review queue →</Link> : null}
      </div>
      <div className="rounded bg-white p-4 shadow-sm">
        <div className="flex items-baseline justify-between">
          <h2 className="text-sm font-medium text-slate-500">Segments by worst grade</h2>
          <Link href="/planning" className="text-xs text-teal-700 hover:underline">Planning →</Link>
        </div>
        <WorstGradeChart counts={c.segmentsByWorstGrade} notAnalysed={c.segmentsNotAnalysed} />
      </div>
    </section>
  );
}
