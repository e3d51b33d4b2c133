import Link from 'next/link';
import { getContext } from '../../lib/runtime';
import { requirePageAccess } from '../../lib/auth/page-guard';
import { can } from '../../lib/auth/roles';
import { listSegments } from '../../lib/services/segments/list-segments';

export const dynamic = 'force-dynamic';

export default async function SegmentsPage() {
  const user = await requirePageAccess('inspection:read', '/segments');
  const ctx = await getContext();
  const rows = await listSegments(ctx);
  return (
    <div className="space-y-4">
      <div className="flex items-baseline justify-between">
        <h1 className="text-2xl font-semibold">Pipe segments</h1>
        {can(user.role, 'inspection:write') ? <Link href="/segments/new" className="rounded bg-teal-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-teal-600">New segment</Link> : null}
      </div>
      {rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">No segments yet.</p>
      ) : (
        <table className="w-full rounded bg-white text-sm shadow-sm">
          <thead className="bg-slate-100 text-left text-slate-600">
            <tr>
              <th className="px-3 py-2">Asset id</th><th className="px-3 py-2">Manholes</th><th className="px-3 py-2">Location</th>
              <th className="px-3 py-2 text-right">Ø mm</th><th className="px-3 py-2">Material</th><th className="px-3 py-2 text-right">Length m</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} className="border-t border-slate-100 hover:bg-slate-50">
                <td className="px-3 py-2"><Link className="font-medium text-teal-700 hover:underline" href={`/segments/${s.id}`}>{s.assetId}</Link></td>
                <td className="px-3 py-2">{s.upstreamManhole} → {s.downstreamManhole}</td>
                <td className="px-3 py-2">{s.location}</td>
                <td className="px-3 py-2 text-right tabular-nums">{s.diameterMm}</td>
                <td className="px-3 py-2">{s.material}</td>
                <td className="px-3 py-2 text-right tabular-nums">{s.lengthM.toFixed(1)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
