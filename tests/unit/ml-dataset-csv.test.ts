import { describe, expect, it } from 'vitest';
import { DEFECT_CODES } from '../../lib/taxonomy/codes';
import { formatSewerMlCsv, parseSewerMlCsv, rowCodes, SewerMlCsvError, SEWER_ML_HEADER } from '../../lib/ml/sewer-ml-csv';
import { parseRealDevTsv, RealDevError, scoreRealDev } from '../../lib/ml/real-dev';
import { confusedPairs, NUM_CLASSES } from '../../lib/ml/metrics';

describe('Sewer-ML CSV', () => {
  it('reads the canonical header', () => {
    const text = `${SEWER_ML_HEADER.join(',')}\n` + `a.png,${DEFECT_CODES.map((c) => (c === 'RB' || c === 'OK' ? 1 : 0)).join(',')},0,2\n` + `b.png,${DEFECT_CODES.map(() => 0).join(',')},1,0\n`;
    const rows = parseSewerMlCsv(text);
    expect(rows).toHaveLength(2);
    expect(rows[0].file).toBe('a.png');
    expect(rowCodes(rows[0])).toEqual(['RB', 'OK']);
    expect(rows[0].water).toBe(2);
    expect(rowCodes(rows[1])).toEqual([]);
  });

  it('tolerates other column orders, extra columns, CRLF, BOM, quoted names; VA optional', () => {
    const cols = ['Defect', 'ND', ...[...DEFECT_CODES].reverse(), 'Filename', 'Extra'];
    const vals = (codes: string[]) => [...DEFECT_CODES].reverse().map((c) => (codes.includes(c) ? '1' : '0'));
    const text = '\uFEFF' + cols.join(',') + '\r\n' + ['1', '0', ...vals(['FS', 'RO']), '"dir/x,1.jpg"', 'zzz'].join(',') + '\r\n';
    const [row] = parseSewerMlCsv(text);
    expect(row.file).toBe('dir/x,1.jpg');
    expect(rowCodes(row)).toEqual(['FS', 'RO']);
    expect(row.water).toBe(-1);
  });

  it('names the missing columns', () => {
    const text = 'Filename,RB,OB\nx.png,1,0\n';
    expect(() => parseSewerMlCsv(text, 'foo.csv')).toThrow(SewerMlCsvError);
    expect(() => parseSewerMlCsv(text, 'foo.csv')).toThrow(/foo\.csv: missing column\(s\) PF, DE, FS/);
  });

  it('rejects bad values with the line number', () => {
    const head = SEWER_ML_HEADER.join(',');
    const zeros = DEFECT_CODES.map(() => 0);
    expect(() => parseSewerMlCsv(`${head}\nx.png,${['yes', ...zeros.slice(1)].join(',')},0,0\n`)).toThrow(/line 2 column RB/);
    expect(() => parseSewerMlCsv(`${head}\nx.png,${zeros.join(',')},1,7\n`)).toThrow(/VA "7"/);
    expect(() => parseSewerMlCsv(`${head}\nx.png,1,0\n`)).toThrow(/line 2: 3 fields/);
    expect(() => parseSewerMlCsv('')).toThrow(/empty/);
  });

  it('format → parse round trip, ND derived from codes', () => {
    const labels = new Uint8Array(17);
    labels[DEFECT_CODES.indexOf('OS')] = 1;
    const rows = [
      { file: 'a "q".png', labels, water: 3 },
      { file: 'b.png', labels: new Uint8Array(17), water: 0 },
    ];
    const text = formatSewerMlCsv(rows);
    expect(text.split('\n')[0]).toBe('Filename,RB,OB,PF,DE,FS,IS,RO,IN,AF,BE,FO,GR,PH,PB,OS,OP,OK,ND,VA');
    expect(text.split('\n')[2]).toBe(`b.png,${new Array(17).fill(0).join(',')},1,0`);
    const back = parseSewerMlCsv(text);
    expect(back.map((r) => [r.file, rowCodes(r), r.water])).toEqual([
      ['a "q".png', ['OS'], 3],
      ['b.png', [], 0],
    ]);
  });
});

describe('real-dev labels', () => {
  const tsv = [
    'file\tcodes\tknown\twater\toriginal_label\tsource',
    'images/a.jpg\tFO\tall\tlow\tbarrier\tx',
    'images/b.jpg\t\tall\thigh\tnormal\tx',
    'images/c.png\tFO\tFO\tunknown\tfo\tx',
    'images/d.png\t\tFO\tunknown\tfo\tx',
    'images/e.jpg\tRB\tall\tlow\tfracture\tx',
  ].join('\n');

  it('parses known=all and partial labels', () => {
    const rows = parseRealDevTsv(tsv);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ file: 'images/a.jpg', codes: ['FO'], knownAll: true, water: 'low' });
    expect(rows[0].known).toHaveLength(17);
    expect(rows[2]).toMatchObject({ codes: ['FO'], known: ['FO'], knownAll: false });
    expect(() => parseRealDevTsv('file\tcodes\tknown\nx\tXX\tall')).toThrow(RealDevError);
    expect(() => parseRealDevTsv('file\tcodes\tknown\nx\tRB\tFO')).toThrow(/not in known/);
  });

  it('scores each image only on the classes its label covers', () => {
    const rows = parseRealDevTsv(tsv);
    const pred = new Uint8Array(rows.length * NUM_CLASSES);
    const scores = new Float32Array(rows.length * NUM_CLASSES);
    const fire = (r: number, code: string) => {
      pred[r * NUM_CLASSES + DEFECT_CODES.indexOf(code as never)] = 1;
      scores[r * NUM_CLASSES + DEFECT_CODES.indexOf(code as never)] = 0.9;
    };
    fire(0, 'FO'); // a: FO correct
    fire(1, 'AF'); // b: normal image, false alarm AF
    fire(2, 'RB'); // c: label covers FO only → RB not scored; FO missed
    fire(3, 'FO'); // d: FO false alarm
    // e: RB missed, nothing fires
    const r = scoreRealDev(rows, pred, scores);
    expect(r.classes.FO).toMatchObject({ tp: 1, fp: 1, fn: 1, scored: 5 });
    expect(r.classes.RB).toMatchObject({ tp: 0, fp: 0, fn: 1, scored: 3 }); // c's RB is not held against the model
    expect(r.classes.AF).toMatchObject({ fp: 1, scored: 3 });
    // defect vs normal on a, b, e only: a tp, b fp, e fn
    expect(r.defect_vs_normal).toMatchObject({ tp: 1, fp: 1, fn: 1, tn: 0, n: 3 });
    expect(r.defect_vs_normal.f1).toBeCloseTo(0.5, 12);
    expect(r.images[2]).toMatchObject({ predicted: ['RB'], known: 'FO' });
  });
});

describe('confusedPairs', () => {
  it('pairs misses with false alarms per image', () => {
    const mk = (codes: string[]) => DEFECT_CODES.map((c) => (codes.includes(c) ? 1 : 0));
    const truth = [...mk(['RB']), ...mk(['RB']), ...mk([]), ...mk(['FS']), ...mk(['RB'])];
    const pred = [...mk(['OB']), ...mk(['OB']), ...mk(['RO']), ...mk([]), ...mk(['RB'])];
    expect(confusedPairs(pred, truth)).toEqual([
      { truth: 'RB', predicted: 'OB', count: 2 },
      { truth: 'FS', predicted: 'normal', count: 1 },
      { truth: 'normal', predicted: 'RO', count: 1 },
    ]);
  });
});
