/** Frame size for sampling: at most `maxWidth` wide, never upscaled, aspect kept, even dimensions (yuv/x264 friendly). */
export function sampleSize(srcW: number, srcH: number, maxWidth: number): { width: number; height: number } {
  const w = Math.min(srcW, maxWidth);
  const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));
  return { width: even(w), height: even((w * srcH) / srcW) };
}
