import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { csvField, parseCsv, formatCsv } from '../../lib/reports/csv';
import { cleanOriginalFilename, extensionOf, uploadRefusal } from '../../lib/services/inspections/upload-policy';
import { SegmentInput } from '../../lib/db/schema';
import { fieldErrorsFrom } from '../../lib/services/errors';

const limits = loadConfig({ SEWER_DATA_DIR: '/tmp/unused', SEWER_MAX_UPLOAD_BYTES: String(100 * 1024 ** 2) }).limits;

describe('CSV formula injection', () => {
  const neutralised: [string, string][] = [
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ["=cmd|'/c calc'!A1", `'=cmd|'/c calc'!A1`],
    ['+SUM(1,2)', `"'+SUM(1,2)"`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `"'\r=1+1"`],
    ['\n=1+1', `"'\n=1+1"`],
    ['  =1+1', `'  =1+1`],
    ['\n\nplain', `"'\n\nplain"`],
  ];
  it.each(neutralised)('prefixes %j with an apostrophe', (input, out) => {
    expect(csvField(input)).toBe(out);
    expect(parseCsv(`${csvField(input)}\r\n`)[0][0]).toBe(`'${input}`);
  });

  it('leaves numbers, plain text and injection strings that cannot run alone', () => {
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('+3')).toBe('+3');
    expect(csvField(-7)).toBe('-7');
    expect(csvField("'; DROP TABLE segments; --")).toBe("'; DROP TABLE segments; --");
    expect(csvField('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(csvField('a,b "c"')).toBe('"a,b ""c"""');
  });

  it('a whole row round-trips through the parser', () => {
    const row = ['=1', '<img src=x onerror=alert(1)>', 'line1\nline2', '관로'];
    const [, back] = parseCsv(formatCsv(['a', 'b', 'c', 'd'], [row]));
    expect(back).toEqual(["'=1", ...row.slice(1)]);
  });
});

describe('upload policy', () => {
  it('keeps hostile file names only as cleaned metadata', () => {
    expect(cleanOriginalFilename('../../etc/passwd.mp4')).toBe('../../etc/passwd.mp4');
    expect(cleanOriginalFilename('a\u0000b\u0085c\u202Egpj.mp4')).toBe('abcgpj.mp4');
    expect(cleanOriginalFilename('bad\ud800half.mp4')).toBe('bad\ufffdhalf.mp4');
    expect(cleanOriginalFilename('\u0000\u0001')).toBe('video');
    const long = `${'😀'.repeat(300)}.MP4`;
    const kept = cleanOriginalFilename(long);
    expect(Array.from(kept)).toHaveLength(255);
    expect(kept.endsWith('😀.MP4')).toBe(true);
  });

  it('reads the extension of the last path segment only', () => {
    expect(extensionOf('clip.final.MP4')).toBe('mp4');
    expect(extensionOf('dir.mp4/noext')).toBe('');
    expect(extensionOf('..\\x.avi')).toBe('avi');
    expect(extensionOf('video.mp4\u0000.exe')).toBe('exe');
  });

  it('refuses types, extensions and sizes with a status and a sentence', () => {
    expect(uploadRefusal(limits, { filename: 'run.mp4', filetype: 'video/mp4', size: 10 })).toBeNull();
    expect(uploadRefusal(limits, { filename: 'run.MKV', filetype: '', size: 10 })).toBeNull();
    expect(uploadRefusal(limits, { filename: 'run.exe', size: 10 })).toMatchObject({ status: 415, message: expect.stringMatching(/^"\.exe" files are not accepted; upload a video \(\.mp4, /) });
    expect(uploadRefusal(limits, { filename: 'README', size: 10 })).toMatchObject({ status: 415, message: expect.stringMatching(/^the file name has no extension/) });
    expect(uploadRefusal(limits, { filename: 'x.mp4', filetype: 'image/png', size: 10 })).toEqual({ status: 415, message: 'The file is declared as "image/png", not a video; upload a video file' });
    expect(uploadRefusal(limits, { filename: 'x.mp4', size: 0 })).toEqual({ status: 400, message: 'The file is empty (0 bytes)' });
    expect(uploadRefusal(limits, { filename: 'x.mp4', size: 100 * 1024 ** 2 + 1 })).toEqual({ status: 413, message: 'The file is 100.0 MiB; the largest accepted upload is 100.0 MiB' });
    expect(uploadRefusal(limits, { filename: 'x.mp4', size: 3 * 1024 ** 3 })?.message).toBe('The file is 3.0 GiB; the largest accepted upload is 100.0 MiB');
    expect(uploadRefusal(limits, { filename: 'x.mp4' })).toBeNull(); // deferred length: the store enforces it
  });

  it('reads the allow-lists from the environment', () => {
    const c = loadConfig({ SEWER_DATA_DIR: '/tmp/unused', SEWER_UPLOAD_EXTENSIONS: '.MP4, avi', SEWER_UPLOAD_TYPES: 'video/mp4' });
    expect(c.limits.uploadExtensions).toEqual(['mp4', 'avi']);
    expect(uploadRefusal(c.limits, { filename: 'a.mov', size: 1 })?.status).toBe(415);
    expect(uploadRefusal(c.limits, { filename: 'a.avi', filetype: 'video/x-msvideo', size: 1 })?.status).toBe(415);
    expect(uploadRefusal(c.limits, { filename: 'a.avi', filetype: 'video/mp4', size: 1 })).toBeNull();
  });
});

describe('segment metadata validation', () => {
  const base = {
    assetId: 'A-1', upstreamManhole: 'MH-1', downstreamManhole: 'MH-2', diameterMm: '300', material: 'concrete',
    lengthM: '40', direction: 'downstream', location: '', inspectionDate: '2026-11-01', operator: '',
  };
  const errorsOf = (patch: Record<string, unknown>) => {
    const r = SegmentInput.safeParse({ ...base, ...patch });
    return r.success ? {} : fieldErrorsFrom(r.error.issues); // first message per field, as the form shows
  };
  it('gives a field error for impossible dates, numbers and control characters', () => {
    expect(errorsOf({ inspectionDate: '2026-02-31' })).toEqual({ inspectionDate: 'Date is not a real date' });
    expect(errorsOf({ inspectionDate: '0000-01-01' })).toEqual({ inspectionDate: 'Date is not a real date' });
    expect(errorsOf({ inspectionDate: '1899-12-31' })).toEqual({ inspectionDate: 'Date must be between 1900 and 2100' });
    expect(errorsOf({ inspectionDate: '2024-02-29' })).toEqual({});
    expect(errorsOf({ diameterMm: 'NaN' })).toEqual({ diameterMm: 'Diameter must be a number' });
    expect(errorsOf({ lengthM: '1e400' })).toEqual({ lengthM: 'Length must be a number' });
    expect(errorsOf({ lengthM: '-5' })).toEqual({ lengthM: 'Length must be greater than 0 m' });
    expect(errorsOf({ operator: 'a\u0000b' })).toEqual({ operator: 'Operator must not contain control characters' });
    expect(errorsOf({ location: 'two\nlines' })).toEqual({ location: 'Location must not contain control characters' });
  });
});
