import { asc, eq, sql } from 'drizzle-orm';
import { frames, observations } from '../../db/schema';
import type { ServiceContext } from '../context';
import { getInspection } from './get-inspection';

/** The headless analysis result (DESIGN.md §6 `analyze --json`), from the database. */
export async function inspectionSummary(ctx: Pick<ServiceContext, 'db'>, inspectionId: string) {
  const { inspection: i, segment: s } = await getInspection(ctx, inspectionId);
  const [{ n }] = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(frames).where(eq(frames.inspectionId, inspectionId));
  const obs = await ctx.db.select().from(observations).where(eq(observations.inspectionId, inspectionId)).orderBy(asc(observations.startS), asc(observations.code));
  const [name, version] = (i.model ?? '@').split('@');
  const r = i.ratings;
  return {
    model: { name, version },
    inspection: { id: i.id, status: i.status, error: i.error, video: i.video, sample_fps: i.sampleFps, original_filename: i.originalFilename },
    segment: { asset_id: s.assetId, upstream_manhole: s.upstreamManhole, downstream_manhole: s.downstreamManhole, diameter_mm: s.diameterMm, material: s.material, length_m: s.lengthM, direction: s.direction, location: s.location, date: s.inspectionDate, operator: s.operator },
    frames: n,
    observations: obs.map((o) => ({
      id: o.id,
      code: o.code,
      start_s: o.startS,
      end_s: o.endS,
      start_m: o.startM,
      end_m: o.endM,
      grade: o.grade,
      confidence: o.peakConfidence,
      mean_confidence: o.meanConfidence,
      best_frame: o.bestFrameIndex,
      frames: o.frameCount,
      box: o.box,
      status: o.status,
      source: o.source,
    })),
    ratings: r
      ? {
          structural: { rating: r.structural.rating, index: r.structural.index, quick: r.structural.quick },
          om: { rating: r.om.rating, index: r.om.index, quick: r.om.quick },
          overall: { rating: r.overall.rating, index: r.overall.index, quick: r.overall.quick },
          quick: r.overall.quick,
        }
      : null,
  };
}
