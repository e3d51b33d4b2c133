import type { NormalizationConfig } from '../config';
import { illuminationGain } from '../vision/illumination';
import { loadOpenCv, type CV } from './opencv';

/**
 * Frame normalization for CCTV footage, the same for training, evaluation and inference:
 *   1. gray-world white balance (per-channel gains from the frame means, via one LUT pass);
 *   2. illumination flattening on L of Lab: the crawler's lamp leaves a bright centre ring,
 *      dark edges and moving shadows. A Gaussian of sigma = illumSigmaFrac·width estimates that
 *      slow shading; L is multiplied by (mean shading / local shading), gains limited to 1/3..3
 *      so the black far end of the pipe is not blown up into noise;
 *   3. CLAHE on L (local contrast, clip-limited so flat pipe wall noise is not amplified).
 * The large blur is computed on a 64-pixel-wide copy and the gain map scaled back up: the
 * result is the same smooth field at ~1/100 of the cost of a 460-tap kernel at 640 px.
 * Every Mat is allocated once per normalizer (wasm memory never shrinks; per-frame
 * allocation fragments and grows it) and freed by dispose().
 */

export const DEFAULT_NORMALIZATION: NormalizationConfig = Object.freeze({
  claheClip: 2,
  claheTile: 8,
  illumSigmaFrac: 0.12,
  grayWorld: true,
  workWidth: 256,
});

/** All values 0..255. Luma is BT.601 (OpenCV's RGB2GRAY). */
export interface ChannelStats {
  meanLuma: number;
  stdLuma: number;
  meanR: number;
  meanG: number;
  meanB: number;
}

export interface NormalizeResult {
  /** Fresh packed RGB24 buffer, same size as the input. */
  rgb: Uint8Array;
  before: ChannelStats;
  after: ChannelStats;
}

export interface FrameNormalizer {
  readonly width: number;
  readonly height: number;
  /**
   * Normalizes a width × height frame, or a larger `from` frame area-averaged down to width ×
   * height first (cv.resize INTER_AREA: the same bytes as lib/vision/resize.ts, ~2× faster).
   */
  normalize(rgb: Uint8Array, from?: { width: number; height: number }): NormalizeResult;
  dispose(): void;
}

/** Width of the reduced copy the illumination field is estimated on. */
const ILLUM_WIDTH = 64;
/** Gray-world gains are limited: a brown, sediment-covered pipe is not gray, only mostly so. */
const WB_GAIN_MIN = 0.5;
const WB_GAIN_MAX = 2;

export async function createNormalizer(width: number, height: number, cfg: NormalizationConfig = DEFAULT_NORMALIZATION): Promise<FrameNormalizer> {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 8 && height >= 8)) {
    throw new RangeError(`normalizer frame size must be integers ≥ 8, got ${width}x${height}`);
  }
  const { cv } = await loadOpenCv();
  return new CvNormalizer(cv, width, height, cfg);
}

/** out = round(l · gain), saturated to 0..255. */
function applyGain(l: Uint8Array, gain: Float32Array, out: Uint8Array): void {
  for (let i = 0; i < l.length; i++) {
    const v = l[i] * gain[i] + 0.5;
    out[i] = v >= 255 ? 255 : v | 0;
  }
}

class CvNormalizer implements FrameNormalizer {
  private readonly mats: { delete(): void }[] = [];
  private readonly src; private readonly balanced; private readonly lut; private readonly lab;
  private readonly l8; private readonly lOut; private readonly gray;
  private readonly mean; private readonly std; private readonly small; private readonly smallBlur;
  private readonly gainSmall; private readonly gainFull; private readonly out;
  private readonly clahe; private readonly labVec; private readonly lVec; private readonly lOutVec;
  private readonly smallW: number; private readonly smallH: number;
  private disposed = false;

  constructor(private readonly cv: CV, readonly width: number, readonly height: number, private readonly cfg: NormalizationConfig) {
    const m = <T extends { delete(): void }>(x: T): T => (this.mats.push(x), x);
    this.smallW = Math.min(ILLUM_WIDTH, width);
    this.smallH = Math.max(2, Math.round((this.smallW * height) / width));
    this.src = m(new cv.Mat(height, width, cv.CV_8UC3));
    this.balanced = m(new cv.Mat(height, width, cv.CV_8UC3));
    this.lut = m(new cv.Mat(1, 256, cv.CV_8UC3));
    this.lab = m(new cv.Mat(height, width, cv.CV_8UC3));
    this.l8 = m(new cv.Mat(height, width, cv.CV_8UC1));
    this.lOut = m(new cv.Mat(height, width, cv.CV_8UC1));
    this.gray = m(new cv.Mat(height, width, cv.CV_8UC1));
    this.mean = m(new cv.Mat());
    this.std = m(new cv.Mat());
    this.small = m(new cv.Mat(this.smallH, this.smallW, cv.CV_8UC1));
    this.smallBlur = m(new cv.Mat(this.smallH, this.smallW, cv.CV_32FC1));
    this.gainSmall = m(new cv.Mat(this.smallH, this.smallW, cv.CV_32FC1));
    this.gainFull = m(new cv.Mat(height, width, cv.CV_32FC1));
    this.out = m(new cv.Mat(height, width, cv.CV_8UC3));
    this.clahe = m(new cv.CLAHE(cfg.claheClip, new cv.Size(cfg.claheTile, cfg.claheTile)));
    // mixChannels moves L in and out of the Lab image without allocating (split/merge would).
    this.labVec = m(new cv.MatVector());
    this.labVec.push_back(this.lab);
    this.lVec = m(new cv.MatVector());
    this.lVec.push_back(this.l8);
    this.lOutVec = m(new cv.MatVector());
    this.lOutVec.push_back(this.lOut);
  }

  normalize(rgb: Uint8Array, from?: { width: number; height: number }): NormalizeResult {
    if (this.disposed) throw new Error('normalizer used after dispose()');
    const { cv, cfg, width, height } = this;
    const [sw, sh] = from ? [from.width, from.height] : [width, height];
    if (rgb.length !== sw * sh * 3) {
      throw new RangeError(`expected ${sw}x${sh} RGB24 (${sw * sh * 3} bytes), got ${rgb.length}`);
    }
    if (sw === width && sh === height) this.src.data.set(rgb);
    else {
      if (sw < width || sh < height) throw new RangeError(`normalizer is ${width}x${height}: it shrinks frames, ${sw}x${sh} is smaller`);
      const big = this.sourceMat(sw, sh);
      big.data.set(rgb);
      cv.resize(big, this.src, new cv.Size(width, height), 0, 0, cv.INTER_AREA);
    }
    const before = this.stats(this.src);

    let cur = this.src;
    if (cfg.grayWorld) {
      this.fillWhiteBalanceLut(before);
      cv.LUT(this.src, this.lut, this.balanced);
      cur = this.balanced;
    }
    cv.cvtColor(cur, this.lab, cv.COLOR_RGB2Lab);
    cv.mixChannels(this.labVec, this.lVec, [0, 0]);
    let l = this.l8;
    if (cfg.illumSigmaFrac > 0) {
      cv.resize(this.l8, this.small, new cv.Size(this.smallW, this.smallH), 0, 0, cv.INTER_AREA);
      this.small.convertTo(this.smallBlur, cv.CV_32F);
      const sigma = cfg.illumSigmaFrac * this.smallW;
      cv.GaussianBlur(this.smallBlur, this.smallBlur, new cv.Size(0, 0), sigma, sigma, cv.BORDER_REFLECT);
      illuminationGain(this.smallBlur.data32F, this.gainSmall.data32F);
      cv.resize(this.gainSmall, this.gainFull, new cv.Size(width, height), 0, 0, cv.INTER_LINEAR);
      // A plain JS loop over the heap views is ~4x faster here than float convertTo/multiply in wasm.
      applyGain(this.l8.data, this.gainFull.data32F, this.lOut.data);
      l = this.lOut;
    }
    if (cfg.claheClip > 0) {
      this.clahe.apply(l, this.lOut);
      l = this.lOut;
    }
    cv.mixChannels(l === this.lOut ? this.lOutVec : this.lVec, this.labVec, [0, 0]);
    cv.cvtColor(this.lab, this.out, cv.COLOR_Lab2RGB);
    return { rgb: new Uint8Array(this.out.data), before, after: this.stats(this.out) };
  }

  /** The larger source frame's Mat, kept while frames keep that size (one video = one size). */
  private source?: { w: number; h: number; mat: InstanceType<CV['Mat']> };
  private sourceMat(w: number, h: number): InstanceType<CV['Mat']> {
    if (this.source?.w !== w || this.source.h !== h) {
      this.source?.mat.delete();
      this.source = { w, h, mat: new this.cv.Mat(h, w, this.cv.CV_8UC3) };
    }
    return this.source.mat;
  }

  private fillWhiteBalanceLut(s: ChannelStats): void {
    const target = (s.meanR + s.meanG + s.meanB) / 3;
    const gains = [s.meanR, s.meanG, s.meanB].map((m) => Math.min(WB_GAIN_MAX, Math.max(WB_GAIN_MIN, target / Math.max(m, 1))));
    const d = this.lut.data;
    for (let v = 0; v < 256; v++) {
      for (let c = 0; c < 3; c++) d[v * 3 + c] = Math.min(255, Math.round(v * gains[c]));
    }
  }

  private stats(rgbMat: InstanceType<CV['Mat']>): ChannelStats {
    const { cv } = this;
    const m = cv.mean(rgbMat);
    cv.cvtColor(rgbMat, this.gray, cv.COLOR_RGB2GRAY);
    cv.meanStdDev(this.gray, this.mean, this.std);
    return { meanLuma: this.mean.data64F[0], stdLuma: this.std.data64F[0], meanR: m[0], meanG: m[1], meanB: m[2] };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.source?.mat.delete();
    for (const x of this.mats.reverse()) x.delete();
  }
}
