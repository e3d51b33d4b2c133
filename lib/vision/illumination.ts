/**
 * Gain field that flattens slow shading (lamp hot-spot, vignetting, shadows).
 * `shading` is a blurred luminance field (any units, e.g. L of Lab on 0..255);
 * gain = mean(shading) / shading, limited to [1/maxGain, maxGain] so regions that are
 * genuinely dark (the far end of the pipe) are lifted but not turned into amplified noise.
 * Pure; writes into `gain` (same length) to avoid allocation per frame.
 */
export function illuminationGain(shading: ArrayLike<number>, gain: Float32Array, maxGain = 3): Float32Array {
  if (gain.length !== shading.length) throw new RangeError('gain and shading must have the same length');
  let sum = 0;
  for (let i = 0; i < shading.length; i++) sum += shading[i];
  const target = sum / Math.max(1, shading.length);
  const lo = 1 / maxGain;
  for (let i = 0; i < shading.length; i++) {
    const s = shading[i];
    const g = s > 0 ? target / s : maxGain;
    gain[i] = g > maxGain ? maxGain : g < lo ? lo : g;
  }
  return gain;
}
