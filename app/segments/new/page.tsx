import { SegmentForm } from './segment-form';
import { requirePageAccess } from '../../../lib/auth/page-guard';

export const dynamic = 'force-dynamic';

export default async function NewSegmentPage() {
  await requirePageAccess('inspection:write', '/segments/new');
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">New pipe segment</h1>
      <p className="text-sm text-slate-600">The stretch of sewer between two manholes that the crawler camera inspects.</p>
      <SegmentForm />
    </div>
  );
}
