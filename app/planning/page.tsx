import Link from 'next/link';
import { requirePageAccess } from '../../lib/auth/page-guard';
import { getContext } from '../../lib/runtime';
import { PIPE_MATERIALS } from '../../lib/db/schema';
import { queryPlanning } from '../../lib/services/planning/list-planning';
import { parsePlanningQuery, planningSearch, type PlanningQuery, type PlanningSort } from '../../lib/services/planning/planning-query';
import { defaultDir } from '../../lib/services/planning/filter-sort';
import { GradeBadge } from '../components/grade';

export const dynamic = 'force-dynamic';

/** Sortable column header: a link that keeps the filters and flips the direction on a second click. */
function SortHeader({ q, sort, children, right }: { q: PlanningQuery; sort: PlanningSort; children: React.ReactNode; right?: boolean }) {
  const active = q.sort === sort;
  const dir = active ? (q.dir ?? defaultDir(sort)) : undefined;
  const next = active ? (dir === 'asc' ? 'desc' : 'asc') : undefined;
  return (
    <th className={`px-2 py-2 ${right ? 'text-right' : ''}`} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link data-testid={`sort-${sort}`} href={`/planning${planningSearch({ ...q, sort, dir: next })}`} className={`hover:underline ${active ? 'text-slate-900' : ''}`}>
        {children}
        {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
      </Link>
    </th>
  );
}

export default async function PlanningPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageAccess('report:export', '/planning');
  const q = parsePlanningQuery(await searchParams);
  const ctx = await getContext();
  const { rows, total } = await queryPlanning(ctx, q);
  const csvHref = `/api/planning${planningSearch({ ...q })}${planningSearch({ ...q }) ? '&' : '?'}format=csv`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Maintenance planning</h1>
        <a data-testid="planning-csv" href={csvHref} className="rounded border border-teal-700 px-3 py-1 text-sm font-medium text-teal-800 hover:bg-teal-50">Export CSV</a>
      </div>
      <p className="text-sm text-slate-600">
        Every segment with its latest finished inspection. Suggested priority: a structural grade-5 observation first, then structural rating index,
        then O&amp;M rating index, then overall rating, then the oldest inspection. Ratings count accepted and unreviewed observations (rejected ones never).
      </p>
      <form method="get" action="/planning" className="flex flex-wrap items-end gap-3 rounded bg-white p-3 text-sm shadow-sm">
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-500">Search</span>
          <input name="q" defaultValue={q.q ?? ''} placeholder="asset id or location" className="rounded border border-slate-300 px-2 py-1" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-500">Material</span>
          <select data-testid="filter-material" name="material" defaultValue={q.material ?? ''} className="rounded border border-slate-300 px-2 py-1">
            <option value="">any</option>
            {PIPE_MATERIALS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-500">Diameter (mm)</span>
          <span className="flex items-center gap-1">
            <input name="diameterMin" type="number" min={0} defaultValue={q.diameterMin ?? ''} placeholder="min" className="w-20 rounded border border-slate-300 px-2 py-1" />
            –
            <input name="diameterMax" type="number" min={0} defaultValue={q.diameterMax ?? ''} placeholder="max" className="w-20 rounded border border-slate-300 px-2 py-1" />
          </span>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs text-slate-500">Worst grade ≥</span>
          <select data-testid="filter-grade" name="minGrade" defaultValue={q.minGrade ?? ''} className="rounded border border-slate-300 px-2 py-1">
            <option value="">any</option>
            {[1, 2, 3, 4, 5].map((g) => <option key={g} value={g}>{g}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-2 pb-1">
          <input data-testid="filter-unreviewed" type="checkbox" name="unreviewed" value="1" defaultChecked={q.unreviewed} />
          with unreviewed observations
        </label>
        {q.sort !== 'priority' ? <input type="hidden" name="sort" value={q.sort} /> : null}
        {q.dir ? <input type="hidden" name="dir" value={q.dir} /> : null}
        <button type="submit" className="rounded bg-teal-700 px-3 py-1.5 font-medium text-white hover:bg-teal-600">Filter</button>
        <Link href="/planning" className="pb-1 text-slate-600 hover:underline">reset</Link>
        <span className="ml-auto pb-1 text-slate-500" data-testid="planning-count">{rows.length} of {total} segments</span>
      </form>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          {total ? 'No segment matches these filters.' : <>No segments yet. <Link className="text-teal-700 underline" href="/segments/new">Create one</Link>.</>}
        </p>
      ) : (
        <div className="overflow-x-auto rounded bg-white shadow-sm">
          <table className="w-full text-sm" data-testid="planning-table">
            <thead className="bg-slate-100 text-left text-xs text-slate-600">
              <tr>
                <SortHeader q={q} sort="priority" right>#</SortHeader>
                <SortHeader q={q} sort="asset">Segment</SortHeader>
                <SortHeader q={q} sort="material">Material</SortHeader>
                <SortHeader q={q} sort="diameter" right>Ø mm</SortHeader>
                <SortHeader q={q} sort="length" right>Length m</SortHeader>
                <SortHeader q={q} sort="age" right>Age d</SortHeader>
                <SortHeader q={q} sort="worst">Worst</SortHeader>
                <SortHeader q={q} sort="structural" right>Struct. index</SortHeader>
                <SortHeader q={q} sort="om" right>O&amp;M index</SortHeader>
                <th className="px-2 py-2">Quick</th>
                <th className="px-2 py-2">Worst observations</th>
                <SortHeader q={q} sort="unreviewed" right>Unrev.</SortHeader>
                <th className="px-2 py-2">Why</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="planning-row" data-asset={r.assetId} className="border-t border-slate-100 align-top hover:bg-slate-50">
                  <td className="px-2 py-2 text-right font-semibold tabular-nums">{r.rank}</td>
                  <td className="px-2 py-2">
                    <Link href={r.inspection ? `/inspections/${r.inspection.id}` : `/segments/${r.id}`} className="font-medium text-teal-700 hover:underline">{r.assetId}</Link>
                    <div className="text-xs text-slate-500">{r.upstreamManhole} → {r.downstreamManhole}{r.location ? ` · ${r.location}` : ''}</div>
                  </td>
                  <td className="px-2 py-2">{r.material}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.diameterMm}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.lengthM.toFixed(1)}</td>
                  <td className="px-2 py-2 text-right tabular-nums" title={`inspected ${r.inspectionDate}`}>{r.ageDays}</td>
                  <td className="px-2 py-2">{r.worstGrade ? <GradeBadge grade={r.worstGrade} /> : <span className="text-slate-400">{r.ratings ? 'none' : '—'}</span>}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.ratings ? r.ratings.structural.index.toFixed(2) : '—'}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.ratings ? r.ratings.om.index.toFixed(2) : '—'}</td>
                  <td className="px-2 py-2 font-mono">{r.ratings?.overall.quick ?? (r.inspection ? r.inspection.status : 'no video')}</td>
                  <td className="px-2 py-2 text-xs">
                    {r.worst.map((o) => (
                      <span key={o.id} className={`mr-2 whitespace-nowrap ${o.reviewed ? '' : 'text-orange-700'}`} title={o.reviewed ? 'accepted' : 'unreviewed'}>
                        {o.code} {o.grade}{o.startM != null ? ` @${o.startM.toFixed(1)} m` : ''}{o.reviewed ? '' : '*'}
                      </span>
                    ))}
                  </td>
                  <td className="px-2 py-2 text-right tabular-nums">{r.unreviewed || ''}</td>
                  <td className="px-2 py-2 text-xs text-slate-600">{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="px-3 py-2 text-xs text-slate-500">* unreviewed (the model&apos;s proposal). Age: days since the inspection date.</p>
        </div>
      )}
    </div>
  );
}
