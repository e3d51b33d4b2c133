import { asc, eq } from 'drizzle-orm';
import { observations, type Observation } from '../../db/schema';
import type { ServiceContext } from '../context';
import { NotFoundError } from '../errors';

/** An inspection's observations in video order (rejected ones included: the UI fades them). */
export async function listObservations(ctx: Pick<ServiceContext, 'db'>, inspectionId: string): Promise<Observation[]> {
  if (!/^[0-9a-f-]{36}$/i.test(inspectionId)) return [];
  return ctx.db.select().from(observations).where(eq(observations.inspectionId, inspectionId)).orderBy(asc(observations.startS), asc(observations.code), asc(observations.id));
}

export async function getObservation(ctx: Pick<ServiceContext, 'db'>, id: string): Promise<Observation> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError('Observation');
  const [row] = await ctx.db.select().from(observations).where(eq(observations.id, id));
  if (!row) throw new NotFoundError('Observation');
  return row;
}
