import { readFile } from 'node:fs/promises';
import { DEFECT_CODES, type DefectCode } from '../taxonomy/codes';

/**
 * Sewer-ML label CSV: one row per image, `Filename`, one 0/1 column per defect code, `ND`
 * ("no defect") and `VA` (water-level bin 0..3). The real data set's files put the columns in
 * other orders and add more (e.g. `Defect`), so columns are found by name; only `Filename` and
 * the 17 code columns are required.
 */
export const SEWER_ML_HEADER = ['Filename', ...DEFECT_CODES, 'ND', 'VA'] as const;

export class SewerMlCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SewerMlCsvError';
  }
}

export interface SewerMlRow {
  file: string;
  /** 17 values, 0/1, DEFECT_CODES order. */
  labels: Uint8Array;
  /** Water-level bin 0..3 (<5 %, 5–15 %, 15–30 %, ≥30 %); -1 when the CSV has no VA value. */
  water: number;
}

export function rowCodes(row: SewerMlRow): DefectCode[] {
  return DEFECT_CODES.filter((_, c) => row.labels[c] > 0);
}

/** Splits one CSV record; handles double-quoted fields with "" escapes (file names may hold commas). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

function parseFlag(v: string, where: string): 0 | 1 {
  const x = Number(v);
  if (v === '' || !Number.isFinite(x)) throw new SewerMlCsvError(`${where}: "${v}" is not a 0/1 label`);
  return x > 0 ? 1 : 0;
}

export function parseSewerMlCsv(text: string, source = 'labels.csv'): SewerMlRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new SewerMlCsvError(`${source}: empty file (expected a header row)`);
  const header = splitCsvLine(lines[0]);
  const col = new Map(header.map((h, i) => [h, i]));
  const missing = ['Filename', ...DEFECT_CODES].filter((h) => !col.has(h));
  if (missing.length > 0) {
    throw new SewerMlCsvError(
      `${source}: missing column(s) ${missing.join(', ')}; a Sewer-ML CSV needs Filename and ${DEFECT_CODES.join(',')} (ND, VA optional)`,
    );
  }
  const fileCol = col.get('Filename')!;
  const codeCols = DEFECT_CODES.map((c) => col.get(c)!);
  const waterCol = col.get('VA');
  const rows: SewerMlRow[] = [];
  for (let li = 1; li < lines.length; li++) {
    const cells = splitCsvLine(lines[li]);
    const where = `${source} line ${li + 1}`;
    if (cells.length < header.length) throw new SewerMlCsvError(`${where}: ${cells.length} fields, header has ${header.length}`);
    const file = cells[fileCol];
    if (!file) throw new SewerMlCsvError(`${where}: empty Filename`);
    const labels = new Uint8Array(DEFECT_CODES.length);
    codeCols.forEach((ci, c) => (labels[c] = parseFlag(cells[ci], `${where} column ${DEFECT_CODES[c]}`)));
    let water = -1;
    if (waterCol !== undefined && cells[waterCol] !== '') {
      const w = Number(cells[waterCol]);
      if (!Number.isInteger(w) || w < 0 || w > 3) throw new SewerMlCsvError(`${where}: VA "${cells[waterCol]}" is not a bin 0..3`);
      water = w;
    }
    rows.push({ file, labels, water });
  }
  return rows;
}

export async function readSewerMlCsv(file: string): Promise<SewerMlRow[]> {
  return parseSewerMlCsv(await readFile(file, 'utf8'), file);
}

function quote(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes the canonical column order; ND is derived from the codes, unknown water is written as 0. */
export function formatSewerMlCsv(rows: readonly SewerMlRow[]): string {
  const lines = [SEWER_ML_HEADER.join(',')];
  for (const r of rows) {
    const nd = r.labels.some((v) => v > 0) ? 0 : 1;
    lines.push([quote(r.file), ...Array.from(r.labels, (v) => (v > 0 ? 1 : 0)), nd, Math.max(0, r.water)].join(','));
  }
  return lines.join('\n') + '\n';
}
