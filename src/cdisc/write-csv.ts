/**
 * ADaM-style CSV output (ADRS, ADTTE, ADTR): a header of column names, then one line per row, fields
 * quoted as RFC 4180 §2 requires — when they contain a comma, a double quote (doubled inside) or a line
 * break. Missing values (null / undefined) are empty fields, as R's `read.csv(na.strings = "")` and
 * SAS's PROC IMPORT read them.
 */

export type CsvValue = string | number | boolean | null | undefined;

export interface WriteCsvOptions {
  /** Line terminator: RFC 4180 specifies CRLF; default "\n" (what git and most tools prefer). */
  newline?: '\n' | '\r\n';
}

export function quoteCsvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite number for CSV: ${value}`);
    text = String(value);
  } else {
    text = String(value);
  }
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes rows as CSV with the given columns in order; columns a row lacks are empty. A row key not in
 * `columns` is an error (a derivation's output silently dropped would hide a bug).
 */
export function writeCsv(
  columns: readonly string[],
  rows: readonly Readonly<Record<string, CsvValue>>[],
  options: WriteCsvOptions = {},
): string {
  const newline = options.newline ?? '\n';
  const known = new Set(columns);
  const lines = [columns.map(quoteCsvField).join(',')];
  rows.forEach((row, i) => {
    const extra = Object.keys(row).find((key) => !known.has(key));
    if (extra !== undefined)
      throw new Error(`writeCsv: row ${i + 1} has column "${extra}", which is not in the columns`);
    lines.push(columns.map((column) => quoteCsvField(row[column])).join(','));
  });
  return `${lines.join(newline)}${newline}`;
}
