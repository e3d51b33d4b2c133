import { eq } from 'drizzle-orm';
import { inspections } from '../../db/schema';
import type { ServiceContext } from '../context';

/** Record a failure the inspector can read; the message is shown as-is on the page. */
export async function failInspection(ctx: Pick<ServiceContext, 'db'>, inspectionId: string, message: string): Promise<void> {
  await ctx.db
    .update(inspections)
    .set({ status: 'failed', error: message.slice(0, 2000), updatedAt: new Date(), finishedAt: new Date() })
    .where(eq(inspections.id, inspectionId));
}
