import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getContext } from '../../../lib/runtime';
import { requirePageAccess } from '../../../lib/auth/page-guard';
import { can } from '../../../lib/auth/roles';
import { getInspection } from '../../../lib/services/inspections/get-inspection';
import { NotFoundError } from '../../../lib/services/errors';
import { StatusBadge } from '../../components/status-badge';
import { LiveProgress } from './live-progress';
import { ReportDownloads } from './report-downloads';
import { InspectionReview } from './inspection-review';
import { listObservations } from '../../../lib/services/observations/list-observations';
import { toView } from '../../components/observation-types';

export const dynamic = 'force-dynamic';

export default async function InspectionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageAccess('inspection:read', `/inspections/${id}`);
  const ctx = await getContext();
  const detail = await getInspection(ctx, id).catch((e) => (e instanceof NotFoundError ? null : Promise.reject(e)));
  if (!detail) notFound();
  const { inspection: i, segment: s, progress } = detail;
  const v = i.video;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">Inspection of <Link className="text-teal-700 hover:underline" href={`/segments/${s.id}`}>{s.assetId}</Link></h1>
        <StatusBadge status={i.status} />
      </div>
      <p className="text-sm text-slate-600">
        {s.upstreamManhole} → {s.downstreamManhole} · {s.location || 'no location'} · Ø {s.diameterMm} mm {s.material} · {s.lengthM.toFixed(1)} m · video <span className="break-all">{i.originalFilename}</span>
        {v ? ` · ${v.width}×${v.height} ${v.codec} ${v.fps.toFixed(2)} fps, ${(v.durationS / 60).toFixed(1)} min` : ''}
        {i.model ? ` · model ${i.model}` : ''}
      </p>
      <LiveProgress id={i.id} initial={progress} />
      {i.status === 'done' && can(user.role, 'report:export') ? <ReportDownloads inspectionId={i.id} /> : null}
      {i.status === 'done' ? (
        <InspectionReview
          inspectionId={i.id}
          lengthM={s.lengthM}
          durationS={v?.durationS ?? 0}
          sampleFps={i.sampleFps}
          frameCount={i.framesExpected ?? progress.framesDone}
          initialObservations={(await listObservations(ctx, i.id)).map(toView)}
          initialRatings={i.ratings}
          canReview={can(user.role, 'review:write')}
        />
      ) : null}
    </div>
  );
}
