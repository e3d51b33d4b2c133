/** Per-class loss weights for training (no TF.js here: the CLI validates the flag with these). */
export type ClassWeighting = 'none' | 'ciw-sqrt';
export const CLASS_WEIGHTINGS: readonly ClassWeighting[] = ['none', 'ciw-sqrt'];

/**
 * Per-class loss weights. `ciw-sqrt`: √(CIW_c / mean CIW), renormalised to mean 1 — F2-CIW
 * counts a crack (CIW 1.0) twelve times an attached deposit (0.08), so the shared layers
 * should spend more of their capacity on the heavy classes, but not all of it (F1-Normal
 * needs every class quiet on normal pipe).
 */
export function classWeights(kind: ClassWeighting, ciw: readonly number[]): Float32Array | undefined {
  if (kind === 'none') return undefined;
  const mean = ciw.reduce((a, b) => a + b, 0) / ciw.length;
  const raw = ciw.map((w) => Math.sqrt(w / mean));
  const norm = raw.reduce((a, b) => a + b, 0) / raw.length;
  return Float32Array.from(raw, (w) => w / norm);
}
