import { asc, eq, sql } from 'drizzle-orm';
import { frames, observations, reviews } from '../../db/schema';
import type { ServiceContext } from '../context';
import { getInspection } from '../inspections/get-inspection';
import { reportRatings, selectObservations } from '../../reports/select';
import type { InspectionReport, ReportOptions } from '../../reports/types';

/**
 * Read one inspection for a report: segment, video, frames summary, the exported observations
 * (see selectObservations), ratings over exactly those, and the audit trail of the exported ones.
 * Reviewers are the distinct actors of that trail, in the order they first acted.
 */
export async function loadInspectionReport(ctx: Pick<ServiceContext, 'db'>, input: { inspectionId: string } & Partial<ReportOptions>, now: Date = new Date()): Promise<InspectionReport> {
  const options: ReportOptions = { includeUnreviewed: input.includeUnreviewed ?? false };
  const { inspection: i, segment: s } = await getInspection(ctx, input.inspectionId);
  const [f] = await ctx.db
    .select({
      count: sql<number>`count(*)::int`,
      firstS: sql<number | null>`min(${frames.tS})`,
      lastS: sql<number | null>`max(${frames.tS})`,
      maxDistanceM: sql<number | null>`max(${frames.distanceM})`,
    })
    .from(frames)
    .where(eq(frames.inspectionId, i.id));
  const rows = await ctx.db.select().from(observations).where(eq(observations.inspectionId, i.id));
  const { observations: obs, omitted } = selectObservations(rows, options);
  const exported = new Set(obs.map((o) => o.id));
  const audit = await ctx.db
    .select({ r: reviews })
    .from(reviews)
    .innerJoin(observations, eq(observations.id, reviews.observationId))
    .where(eq(observations.inspectionId, i.id))
    .orderBy(asc(reviews.at), asc(reviews.id));
  const trail = audit.map(({ r }) => r).filter((r) => exported.has(r.observationId));
  const [name, version] = i.model ? i.model.split('@') : [];
  return {
    generatedAt: now.toISOString(),
    options,
    segment: {
      id: s.id,
      assetId: s.assetId,
      upstreamManhole: s.upstreamManhole,
      downstreamManhole: s.downstreamManhole,
      diameterMm: s.diameterMm,
      material: s.material,
      lengthM: s.lengthM,
      direction: s.direction,
      location: s.location,
      inspectionDate: s.inspectionDate,
      operator: s.operator,
    },
    inspection: {
      id: i.id,
      status: i.status,
      originalFilename: i.originalFilename,
      video: i.video,
      sampleFps: i.sampleFps,
      createdAt: i.createdAt.toISOString(),
      finishedAt: i.finishedAt ? i.finishedAt.toISOString() : null,
    },
    model: i.model ? { name, version: version ?? '' } : null,
    frames: { count: Number(f?.count ?? 0), firstS: num(f?.firstS), lastS: num(f?.lastS), maxDistanceM: num(f?.maxDistanceM) },
    observations: obs,
    ratings: reportRatings(obs),
    omitted,
    reviewers: [...new Set(trail.map((r) => r.actor))],
    reviews: trail.map((r) => ({ observationId: r.observationId, actor: r.actor, action: r.action, before: r.before, after: r.after, at: r.at.toISOString() })),
  };
}

/** Aggregates come back as strings from node-postgres and numbers from PGlite. */
function num(v: unknown): number | null {
  if (v == null) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
