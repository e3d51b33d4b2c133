/**
 * RFC 4180 CSV: comma separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break. Text a spreadsheet could run as a formula (CSV injection: a leading
 * = + - @, also after spaces or line breaks, or a leading tab, CR, LF or NUL; OWASP / ASVS 1.2.10)
 * is prefixed with ' — except plain numbers like "-1.5".
 */
const FORMULA_START = /^[\s\u0000]*[=+\-@]|^[\t\r\n\u0000]/;
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(v: CsvValue): string {
  if (v == null) return '';
  let s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : typeof v === 'boolean' ? (v ? 'Y' : 'N') : v;
  if (typeof v === 'string' && FORMULA_START.test(s) && !/^[-+]?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function formatCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** The inverse of formatCsv (quoted fields, doubled quotes, CRLF or LF); used by imports and tests. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}
