import { ReviewWorkbench } from './review-workbench';

export const dynamic = 'force-dynamic';

export const metadata = { title: 'Review — SewerScope' };

/** The engineers' review queue across inspections (optionally one inspection: ?inspection=<id>). */
export default async function ReviewPage({ searchParams }: { searchParams: Promise<{ inspection?: string }> }) {
  const { inspection } = await searchParams;
  const inspectionId = inspection && /^[0-9a-f-]{36}$/i.test(inspection) ? inspection : undefined;
  return <ReviewWorkbench inspectionId={inspectionId} />;
}
