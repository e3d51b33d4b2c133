import { requireAccess } from '../../../lib/auth/guard';
import { errorResponse } from '../../../lib/http';
import { queryPlanning } from '../../../lib/services/planning/list-planning';
import { parsePlanningQuery } from '../../../lib/services/planning/planning-query';
import { planningCsv } from '../../../lib/reports/planning-csv';

export const dynamic = 'force-dynamic';

/** GET /api/planning[?material=&diameterMin=&diameterMax=&minGrade=&unreviewed=1&q=&sort=&dir=][&format=csv] — the /planning list. */
export async function GET(req: Request) {
  try {
    const params = new URL(req.url).searchParams;
    const { ctx } = await requireAccess(req, 'report:export');
    const { rows, total } = await queryPlanning(ctx, parsePlanningQuery(params));
    if (params.get('format') === 'csv') {
      return new Response(planningCsv(rows), {
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="planning_${new Date().toISOString().slice(0, 10)}.csv"`, 'Cache-Control': 'no-store' },
      });
    }
    return Response.json({ total, rows });
  } catch (err) {
    return errorResponse(err);
  }
}
