import path from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { frames, inspections, observations } from '../../../lib/db/schema';
import { writeVideo } from '../../../lib/synth/video';
import { expectedFrameCount } from '../../../lib/services/ingest/plan-chunks';
import type { ServiceContext } from '../../../lib/services/context';
import { waitFor } from './test-context';

/**
 * Shared by the fault tests: a synthetic inspection video with real defects (so a run
 * yields observations worth comparing), a segment, and the integrity checks.
 * 30 s at 5 fps, 320x256 renders in ~9 s and analyses in ~11 s on one core.
 */
export async function makeFaultVideo(dir: string, seconds = 30): Promise<string> {
  const out = path.join(dir, 'fault.mp4');
  await writeVideo({ out, seconds, seed: 4242, fps: 5, width: 320, height: 256 });
  return out;
}

export const faultSegment = (assetId: string) => ({
  assetId, upstreamManhole: 'MH-A', downstreamManhole: 'MH-B', diameterMm: 300, material: 'concrete',
  lengthM: 30, direction: 'downstream', location: 'Fault St', inspectionDate: '2026-11-01', operator: 'fault-test',
});

/** The inspection row once it is done or failed, else null. */
export async function settledInspection(ctx: ServiceContext, inspectionId: string) {
  const [i] = await ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
  return i && (i.status === 'done' || i.status === 'failed') ? i : null;
}

export function waitSettled(ctx: ServiceContext, inspectionId: string, timeoutMs: number) {
  return waitFor(() => settledInspection(ctx, inspectionId), timeoutMs, 200);
}

/** Frame rows of an inspection against the count its duration × fps implies. */
export async function frameIntegrity(ctx: ServiceContext, inspectionId: string) {
  const [i] = await ctx.db.select().from(inspections).where(eq(inspections.id, inspectionId));
  const expected = expectedFrameCount(i.video!.durationS, i.sampleFps);
  const [row] = await ctx.db
    .select({ rows: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${frames.frameIndex})::int`, max: sql<number>`coalesce(max(${frames.frameIndex}), -1)::int`, scored: sql<number>`count(${frames.scores})::int` })
    .from(frames)
    .where(eq(frames.inspectionId, inspectionId));
  return { expected, framesExpected: i.framesExpected, ...row, duplicates: row.rows - row.distinct, missing: expected - row.distinct };
}

/** Observations as (code, start, end), the identity two runs of one video must share. */
export async function observationKeys(ctx: ServiceContext, inspectionId: string): Promise<string[]> {
  const rows = await ctx.db.select().from(observations).where(eq(observations.inspectionId, inspectionId)).orderBy(asc(observations.startS), asc(observations.code), asc(observations.endS));
  return rows.map((o) => `${o.code}@${o.startS.toFixed(2)}-${o.endS.toFixed(2)}`);
}
