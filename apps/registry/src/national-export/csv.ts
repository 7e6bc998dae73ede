// CSV as RFC 4180 writes it, with what Chinese government import tools expect: UTF-8 with a
// byte-order mark (without it, spreadsheet software on Chinese Windows reads GBK and garbles
// every character) and CRLF line ends.

export const UTF8_BOM = '\ufeff';
export const CRLF = '\r\n';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string, guardFormulas: boolean): string {
  // A leading = + - @ makes spreadsheets evaluate the cell (CSV injection); a quote disarms it.
  const safe = guardFormulas && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[], guardFormulas: boolean): string {
  return values.map((v) => csvCell(v, guardFormulas)).join(',') + CRLF;
}
