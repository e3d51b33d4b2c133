import { requireAccess } from '../../../../../lib/auth/guard';
import { errorResponse, readJsonBody } from '../../../../../lib/http';
import { getInspection } from '../../../../../lib/services/inspections/get-inspection';
import { addObservation } from '../../../../../lib/services/observations/add-observation';
import { listObservations } from '../../../../../lib/services/observations/list-observations';
import { actorName } from '../../../../../lib/auth/session-user';

export const dynamic = 'force-dynamic';

/** GET → { observations, ratings } in video order. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const { ctx } = await requireAccess(req, 'inspection:read');
    const { inspection } = await getInspection(ctx, id);
    return Response.json({ observations: await listObservations(ctx, id), ratings: inspection.ratings });
  } catch (err) {
    return errorResponse(err);
  }
}

/** POST { code, tS, endS?, grade, remark? } → 201 { observation, review, ratings }: an engineer's missed finding. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const body = await readJsonBody(req);
    const { ctx, user } = await requireAccess(req, 'review:write');
    const result = await addObservation(ctx, { ...(body as object), inspectionId: id, actor: actorName(user) } as never);
    return Response.json(result, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
