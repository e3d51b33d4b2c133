import Link from 'next/link';
import { getContext } from '../lib/runtime';
import { requirePageAccess } from '../lib/auth/page-guard';
import { can } from '../lib/auth/roles';
import { listInspections } from '../lib/services/inspections/list-inspections';
import { getInspectionProgress } from '../lib/services/inspections/get-inspection';
import { StatusBadge } from './components/status-badge';
import { ChunkBar } from './components/chunk-bar';
import { AutoRefresh } from './components/auto-refresh';
import { dashboardCounts } from '../lib/services/planning/dashboard-counts';
import { DashboardSummary } from './planning/dashboard-counts';

export const dynamic = 'force-dynamic';

export default async function Home() {
  const user = await requirePageAccess('inspection:read', '/');
  const writer = can(user.role, 'inspection:write');
  const ctx = await getContext();
  const [rows, counts] = await Promise.all([listInspections(ctx), dashboardCounts(ctx)]);
  // Chunk detail only for the ones still running (one small query each).
  const running = rows.filter((r) => r.inspection.status === 'probing' || r.inspection.status === 'processing' || r.inspection.status === 'queued');
  const progress = new Map(await Promise.all(running.map(async (r) => [r.inspection.id, await getInspectionProgress(ctx, r.inspection)] as const)));
  return (
    <div className="space-y-4">
      <AutoRefresh active={running.length > 0} />
      <DashboardSummary c={counts} />
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Inspections</h1>
        {writer ? <Link href="/segments" className="text-sm text-teal-700 hover:underline">Upload a video to a segment →</Link> : null}
      </div>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          No inspections yet.{' '}
          {writer ? <><Link className="text-teal-700 underline" href="/segments/new">Create a pipe segment</Link> and upload its CCTV video.</> : 'Inspectors upload CCTV videos; they appear here.'}
        </p>
      ) : (
        <table className="w-full overflow-hidden rounded bg-white text-sm shadow-sm">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">Segment</th>
              <th className="px-3 py-2">Video</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2 text-right">Frames</th>
              <th className="px-3 py-2">Progress / quick rating</th>
              <th className="px-3 py-2">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ inspection: i, assetId, location, framesDone }) => (
              <tr key={i.id} className="border-t border-slate-100 hover:bg-slate-50">
                <td className="px-3 py-2">
                  <Link className="font-medium text-teal-700 hover:underline" href={`/inspections/${i.id}`}>{assetId}</Link>
                  <div className="text-xs text-slate-500">{location}</div>
                </td>
                <td className="px-3 py-2 break-all">{i.originalFilename}</td>
                <td className="px-3 py-2"><StatusBadge status={i.status} />{i.error ? <div className="mt-1 max-w-xs text-xs text-red-700">{i.error}</div> : null}</td>
                <td className="px-3 py-2 text-right tabular-nums">{framesDone}{i.framesExpected ? ` / ${i.framesExpected}` : ''}</td>
                <td className="px-3 py-2">
                  {progress.has(i.id) ? <ChunkBar progress={progress.get(i.id)!} /> : null}
                  {i.status === 'done' && i.ratings ? (
                    <span data-testid="quick-rating" className="font-mono font-semibold" title={`structural ${i.ratings.structural.quick} · O&M ${i.ratings.om.quick} · rating index ${i.ratings.overall.index.toFixed(2)}`}>
                      {i.ratings.overall.quick}
                      <span className="ml-2 font-sans text-xs font-normal text-slate-500">S {i.ratings.structural.quick} · O&amp;M {i.ratings.om.quick}</span>
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2 text-slate-600">{i.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
