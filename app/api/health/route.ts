import { getContext } from '../../../lib/runtime';
import { healthReport } from '../../../lib/services/health/health-report';
import { errorMessage } from '../../../lib/util/error-message';

export const dynamic = 'force-dynamic';

/**
 * For load balancers (no session needed; reveals no inspection data): 200 when the database answers,
 * with queue depth per job kind and every worker's last heartbeat; 503 when the database does not.
 */
export async function GET() {
  try {
    return Response.json(await healthReport(await getContext()), { headers: { 'Cache-Control': 'no-store' } });
  } catch (err) {
    return Response.json({ ok: false, error: errorMessage(err) }, { status: 503, headers: { 'Cache-Control': 'no-store' } });
  }
}
