import { getContext } from '../../../../../lib/runtime';
import { errorResponse, readJsonBody } from '../../../../../lib/http';
import { getInspection } from '../../../../../lib/services/inspections/get-inspection';
import { addObservation } from '../../../../../lib/services/observations/add-observation';
import { listObservations } from '../../../../../lib/services/observations/list-observations';
import { actorFromRequest } from '../../../../../lib/services/review/actor';

export const dynamic = 'force-dynamic';

/** GET → { observations, ratings } in video order. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  try {
    const ctx = await getContext();
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
    const ctx = await getContext();
    const result = await addObservation(ctx, { ...(body as object), inspectionId: id, actor: actorFromRequest(req) } as never);
    return Response.json(result, { status: 201 });
  } catch (err) {
    return errorResponse(err);
  }
}
