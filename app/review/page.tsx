import { ReviewWorkbench } from './review-workbench';
import { requirePageAccess } from '../../lib/auth/page-guard';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Review — SewerScope' };

/** The engineers' review queue across inspections (optionally one inspection: ?inspection=<id>; ?status=accepted|rejected to revisit decisions). */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ inspection?: string; status?: string }> }) {
  const { inspection, status } = await searchParams;
  await requirePageAccess('review:write', '/review');
  const inspectionId = inspection && /^[0-9a-f-]{36}$/i.test(inspection) ? inspection : undefined;
  // Pending is the work queue; accepted / rejected let an engineer revisit earlier decisions.
  const queueStatus = status === 'accepted' || status === 'rejected' ? status : 'pending';
  return <ReviewWorkbench key={`${inspectionId}-${queueStatus}`} inspectionId={inspectionId} status={queueStatus} />;
}
