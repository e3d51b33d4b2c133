import { GRADE_COLORS } from '../../adapters/snapshot';

/** The same grade colours as snapshots and the web charts (1 green … 5 red). */
export function gradeColor(grade: number): string {
  return GRADE_COLORS[Math.min(5, Math.max(1, Math.round(grade)))] ?? '#94a3b8';
}

/** Dark text on the light grade colours (1–3), white on orange and red. */
export function gradeTextColor(grade: number): string {
  return grade >= 4 ? '#ffffff' : '#0f172a';
}
