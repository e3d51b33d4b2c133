import type { InspectionReport } from './types';

/**
 * The whole inspection as one JSON document: segment, inspection and video, model, a frames
 * summary, the exported observations, ratings over them, and the review audit trail.
 * snake_case keys, like the headless `analyze --json` output (DESIGN.md §6), so scripts can use both.
 */
export function inspectionJson(r: InspectionReport) {
  const rating = (x: InspectionReport['ratings']['overall']) => ({ rating: x.rating, index: round(x.index, 4), quick: x.quick, count: x.count, count_by_grade: x.countByGrade });
  return {
    format: 'sewer-inspection-report',
    version: 1,
    generated_at: r.generatedAt,
    scope: { include_unreviewed: r.options.includeUnreviewed, omitted: r.omitted },
    segment: {
      id: r.segment.id,
      asset_id: r.segment.assetId,
      upstream_manhole: r.segment.upstreamManhole,
      downstream_manhole: r.segment.downstreamManhole,
      diameter_mm: r.segment.diameterMm,
      material: r.segment.material,
      length_m: r.segment.lengthM,
      direction: r.segment.direction,
      location: r.segment.location,
      date: r.segment.inspectionDate,
      operator: r.segment.operator,
    },
    inspection: {
      id: r.inspection.id,
      status: r.inspection.status,
      original_filename: r.inspection.originalFilename,
      video: r.inspection.video,
      sample_fps: r.inspection.sampleFps,
      created_at: r.inspection.createdAt,
      finished_at: r.inspection.finishedAt,
    },
    model: r.model,
    frames: { count: r.frames.count, first_t_s: r.frames.firstS, last_t_s: r.frames.lastS, max_distance_m: r.frames.maxDistanceM },
    observations: r.observations.map((o) => ({
      id: o.id,
      number: o.number,
      code: o.code,
      model_code: o.modelCode,
      name: o.name,
      kind: o.kind,
      nearest: { pacp: o.nearest.pacp, en13508_2: o.nearest.en13508, korean: o.nearest.korean },
      start_s: o.startS,
      end_s: o.endS,
      start_m: o.startM,
      end_m: o.endM,
      grade: o.grade,
      occurrences: o.occurrences,
      confidence: o.confidence,
      mean_confidence: o.meanConfidence,
      source: o.source,
      status: o.status,
      reviewed: o.reviewed,
      remark: o.remark,
      box: o.box,
      best_frame: o.bestFrameIndex,
      frames: o.frameCount,
    })),
    ratings: { structural: rating(r.ratings.structural), om: rating(r.ratings.om), overall: rating(r.ratings.overall), quick: r.ratings.overall.quick },
    reviewers: r.reviewers,
    reviews: r.reviews.map((v) => ({ observation_id: v.observationId, actor: v.actor, action: v.action, before: v.before, after: v.after, at: v.at })),
  };
}

export type InspectionJson = ReturnType<typeof inspectionJson>;

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
