import { requireAccess } from '../../../../../../lib/auth/guard';
import { errorResponse } from '../../../../../../lib/http';
import { exportInspectionReport } from '../../../../../../lib/services/reports/export-report';

export const dynamic = 'force-dynamic';

/**
 * GET /api/inspections/:id/report/pdf|csv|json[?include=unreviewed]
 * Default: reviewed + accepted observations only; include=unreviewed adds the pending ones, marked.
 */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; format: string }> }) {
  const { id, format } = await params;
  try {
    const includeUnreviewed = new URL(req.url).searchParams.getAll('include').includes('unreviewed');
    const { ctx } = await requireAccess(req, 'report:export');
    const file = await exportInspectionReport(ctx, { inspectionId: id, format, includeUnreviewed });
    return new Response(new Uint8Array(file.body), {
      headers: {
        'Content-Type': file.contentType,
        // ASCII fallback plus RFC 5987 for the UTF-8 name (asset ids may hold any letter).
        'Content-Disposition': `attachment; filename="${file.filename.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'Cache-Control': 'no-store',
      },
    });
  } catch (err) {
    return errorResponse(err);
  }
}
