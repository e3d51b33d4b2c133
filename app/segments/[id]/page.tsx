import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getContext } from '../../../lib/runtime';
import { requirePageAccess } from '../../../lib/auth/page-guard';
import { can } from '../../../lib/auth/roles';
import { getSegment } from '../../../lib/services/segments/list-segments';
import { listInspections } from '../../../lib/services/inspections/list-inspections';
import { NotFoundError } from '../../../lib/services/errors';
import { StatusBadge } from '../../components/status-badge';
import { UploadWidget } from './upload-widget';

export const dynamic = 'force-dynamic';

export default async function SegmentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('inspection:read', `/segments/${id}`);
  const ctx = await getContext();
  const segment = await getSegment(ctx, id).catch((e) => (e instanceof NotFoundError ? null : Promise.reject(e)));
  if (!segment) notFound();
  const inspections = await listInspections(ctx, { segmentId: id });
  const facts: [string, string][] = [
    ['Manholes', `${segment.upstreamManhole} → ${segment.downstreamManhole}`],
    ['Location', segment.location || '—'],
    ['Diameter', `${segment.diameterMm} mm`],
    ['Material', segment.material],
    ['Length', `${segment.lengthM.toFixed(1)} m`],
    ['Direction', segment.direction],
    ['Date', segment.inspectionDate],
    ['Operator', segment.operator || '—'],
  ];
  return (
    <div className="space-y-5">
      <h1 className="text-2xl font-semibold" data-testid="segment-title">Segment {segment.assetId}</h1>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 rounded bg-white p-5 text-sm shadow-sm sm:grid-cols-4">
        {facts.map(([k, v]) => (
          <div key={k}><dt className="text-xs uppercase text-slate-500">{k}</dt><dd className="font-medium">{v}</dd></div>
        ))}
      </dl>
      {can(user.role, 'inspection:write') ? <UploadWidget segmentId={segment.id} /> : null}
      <section className="space-y-2">
        <h2 className="font-semibold">Inspections</h2>
        {inspections.length === 0 ? <p className="text-sm text-slate-600">None yet.</p> : (
          <ul className="divide-y divide-slate-100 rounded bg-white text-sm shadow-sm">
            {inspections.map(({ inspection: i }) => (
              <li key={i.id} className="flex items-center gap-3 px-3 py-2">
                <StatusBadge status={i.status} />
                <Link className="text-teal-700 hover:underline" href={`/inspections/${i.id}`}>{i.originalFilename}</Link>
                <span className="ml-auto text-xs text-slate-500">{i.createdAt.toISOString().slice(0, 16).replace('T', ' ')}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
