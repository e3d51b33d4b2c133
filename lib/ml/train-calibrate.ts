import { calibrateThresholds, metricsFromScores, type EvalMetrics } from './metrics';

/**
 * Decision thresholds for the manifest. Per-class F2-optimal thresholds (Sewer-ML's metric)
 * alone tend to be low — each class trades precision for recall on its own — and together
 * they make almost every frame fire some code, which destroys F1-Normal. So a floor λ is
 * searched on top: t_c = max(t_c^F2, λ), λ ∈ {0, 0.05, …, 0.95}: the λ with the best F1-Normal
 * among those that keep F2-CIW ≥ 90 % of the pure-F2 calibration's (λ = 0), so Sewer-ML's
 * primary metric stays primary.
 */
export function selectionScore(m: EvalMetrics): number {
  return (m.f2_ciw + m.f1_normal) / 2;
}

export function calibrateForDeployment(scores: Float32Array, labels: Uint8Array): { thresholds: number[]; floor: number; metrics: EvalMetrics } {
  const perClass = calibrateThresholds(scores, labels).thresholds;
  let best = { thresholds: perClass, floor: 0, metrics: metricsFromScores(scores, labels, perClass) };
  const base = best.metrics.f2_ciw;
  for (let i = 1; i < 20; i++) {
    const floor = i * 0.05;
    const t = perClass.map((v) => Math.max(v, floor));
    const m = metricsFromScores(scores, labels, t);
    if (m.f2_ciw >= 0.9 * base && m.f1_normal > best.metrics.f1_normal) best = { thresholds: t, floor, metrics: m };
  }
  return best;
}
