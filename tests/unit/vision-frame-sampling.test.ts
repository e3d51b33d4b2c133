import { describe, expect, it } from 'vitest';
import { chunkIndexRange, sampleSize } from '../../lib/vision/frame-sampling';
import { parseFfmpegInfo, parseFfprobeJson } from '../../lib/vision/probe-parse';

function owned(fps: number, bounds: number[], videoS: number): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const r = chunkIndexRange(fps, bounds[i], bounds[i + 1] - bounds[i], videoS);
    for (let k = r.first; k < r.end; k++) out.push(k);
  }
  return out;
}

describe('chunkIndexRange', () => {
  it('partitions the global grid across chunks with no gaps or duplicates', () => {
    for (const fps of [5, 2.5, 3, 25, 29.97, 0.5]) {
      const whole = owned(fps, [0, 347.3], 347.3);
      for (const bounds of [[0, 60, 120, 180, 240, 300, 347.3], [0, 0.3, 17.77, 100.1, 347.3], [0, 1 / 3, 2 / 3, 347.3]]) {
        expect(owned(fps, bounds, 347.3)).toEqual(whole);
      }
      expect(whole[0]).toBe(0);
      expect(whole).toHaveLength(Math.ceil(347.3 * fps - 1e-6));
    }
  });

  it('owns exactly the indexes whose time lies in [start, start+duration)', () => {
    expect(chunkIndexRange(5, 60, 60, 1000)).toEqual({ first: 300, end: 600 });
    expect(chunkIndexRange(5, 2.5, 3.3, 1000)).toEqual({ first: 13, end: 29 }); // 2.6 s .. 5.6 s
    // float noise: 0.6 * 5 is 2.9999999999999996 but t = 0.6 is index 3's time
    expect(chunkIndexRange(5, 0.6, 0.2, 1000)).toEqual({ first: 3, end: 4 });
  });

  it('clips to the video and handles chunks past the end', () => {
    expect(chunkIndexRange(5, 0, Infinity, 12)).toEqual({ first: 0, end: 60 });
    expect(chunkIndexRange(5, 10, 60, 12)).toEqual({ first: 50, end: 60 });
    const past = chunkIndexRange(5, 20, 5, 12);
    expect(past.end - past.first).toBe(0);
    expect(() => chunkIndexRange(0, 0, 1, 1)).toThrow(RangeError);
  });
});

describe('sampleSize', () => {
  it('keeps the display aspect ratio with even sides', () => {
    expect(sampleSize({ width: 1280, height: 720 }, 640)).toEqual({ width: 640, height: 360 });
    // PAL 720x576 with SAR 16:15 displays at 4:3
    expect(sampleSize({ width: 720, height: 576, displayAspect: 4 / 3 }, 640)).toEqual({ width: 640, height: 480 });
    expect(sampleSize({ width: 720, height: 576 }, 640)).toEqual({ width: 640, height: 512 });
    const odd = sampleSize({ width: 333, height: 211 }, 101);
    expect(odd.width % 2).toBe(0);
    expect(odd.height % 2).toBe(0);
    expect(Math.abs(odd.width / odd.height - 333 / 211)).toBeLessThan(0.05);
    expect(sampleSize({ width: 320, height: 240 }, 100, 51)).toEqual({ width: 100, height: 52 });
  });
});

describe('probe parsers', () => {
  const ffmpegBanner = `Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'in.mp4':
  Metadata:
    major_brand     : isom
  Duration: 00:01:02.50, start: 0.000000, bitrate: 730 kb/s
  Stream #0:0[0x1](und): Video: h264 (High) (avc1 / 0x31637661), yuv420p(progressive), 720x576 [SAR 16:15 DAR 4:3], 726 kb/s, 25 fps, 25 tbr, 12800 tbn (default)
  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 69 kb/s (default)
At least one output file must be specified`;

  it('reads the ffmpeg -i banner', () => {
    const r = parseFfmpegInfo(ffmpegBanner);
    expect(r.error).toBeUndefined();
    expect(r.formatName).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(r.formatDurationS).toBeCloseTo(62.5, 6);
    expect(r.video).toMatchObject({ codec: 'h264', width: 720, height: 576, fps: 25 });
    expect(r.video!.sar).toBeCloseTo(16 / 15, 6);
    expect(r.video!.interlaced).toBe(false);
    const il = parseFfmpegInfo(ffmpegBanner.replace('yuv420p(progressive)', 'yuv420p(tv, top first)'));
    expect(il.video!.interlaced).toBe(true);
    expect(parseFfprobeJson('{"streams":[{"codec_type":"video","field_order":"bb","avg_frame_rate":"25/1"}]}').video!.interlaced).toBe(true);
  });

  it('reads the display rotation of phone footage', () => {
    expect(parseFfmpegInfo(ffmpegBanner).video!.rotation).toBe(0);
    const rot = ffmpegBanner.replace('  Stream #0:1', '    Side data:\n      displaymatrix: rotation of -90.00 degrees\n  Stream #0:1');
    expect(parseFfmpegInfo(rot).video!.rotation).toBe(-90);
    const json = (extra: object) => JSON.stringify({ streams: [{ codec_type: 'video', avg_frame_rate: '30/1', ...extra }] });
    expect(parseFfprobeJson(json({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: 90 }] })).video!.rotation).toBe(90);
    expect(parseFfprobeJson(json({ tags: { rotate: '270' } })).video!.rotation).toBe(270);
    expect(parseFfprobeJson(json({})).video!.rotation).toBe(0);
  });

  it('reports unreadable input and audio-only files', () => {
    expect(parseFfmpegInfo('x.mp4: Invalid data found when processing input').error).toMatch(/Invalid data/);
    const audio = parseFfmpegInfo(ffmpegBanner.replace(/.*Video:.*\n/, ''));
    expect(audio.video).toBeUndefined();
  });

  it('reads ffprobe JSON, preferring avg_frame_rate and skipping cover art', () => {
    const json = JSON.stringify({
      streams: [
        { codec_type: 'video', codec_name: 'mjpeg', width: 300, height: 300, disposition: { attached_pic: 1 } },
        { codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, avg_frame_rate: '30000/1001', r_frame_rate: '60/1', sample_aspect_ratio: '1:1', duration: '10.010000', nb_frames: '300' },
      ],
      format: { format_name: 'mov,mp4', duration: '10.5' },
    });
    const r = parseFfprobeJson(json);
    expect(r.video).toMatchObject({ codec: 'h264', width: 1280, height: 720, durationS: 10.01, frameCount: 300 });
    expect(r.video!.fps).toBeCloseTo(29.97, 2);
    expect(r.formatDurationS).toBe(10.5);
    expect(parseFfprobeJson('{"streams":[{"codec_type":"video","avg_frame_rate":"0/0","r_frame_rate":"25/1"}]}').video!.fps).toBe(25);
    expect(parseFfprobeJson('not json').error).toBeDefined();
  });
});
