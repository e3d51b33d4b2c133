import { describe, expect, it } from 'vitest';
import { parseRange, videoContentType } from '../../app/api/inspections/[id]/video/range';

describe('video Range parsing', () => {
  it('serves the whole file without a header and byte windows with one', () => {
    expect(parseRange(null, 1000)).toBeNull();
    expect(parseRange('bytes=0-', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=100-199', 1000)).toEqual({ start: 100, end: 199 });
    expect(parseRange('bytes=900-5000', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-100', 1000)).toEqual({ start: 900, end: 999 });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ start: 0, end: 999 });
    expect(parseRange('bytes=0-1, 5-9', 1000)).toEqual({ start: 0, end: 1 });
  });
  it('refuses ranges outside the file and ignores garbage', () => {
    expect(parseRange('bytes=1000-', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=500-400', 1000)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 1000)).toBe('unsatisfiable');
    expect(parseRange('items=0-5', 1000)).toBeNull();
    expect(parseRange('bytes=-', 1000)).toBeNull();
  });
  it('maps ffprobe format names to MIME types, MP4 by default', () => {
    expect(videoContentType('mov,mp4,m4a,3gp,3g2,mj2')).toBe('video/mp4');
    expect(videoContentType('avi')).toBe('video/x-msvideo');
    expect(videoContentType('mpeg')).toBe('video/mpeg');
    expect(videoContentType('matroska,webm')).toBe('video/webm');
    expect(videoContentType('mpegts')).toBe('video/mp2t');
    expect(videoContentType(undefined)).toBe('video/mp4');
    expect(videoContentType('something-new')).toBe('video/mp4');
  });
});

