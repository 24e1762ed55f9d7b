/**
 * A CSV data file as named columns, for the analysis commands and the analysis view. Every problem
 * names the file, the line and the column (`option` is how the caller names the column's source, e.g.
 * `--time`), and all problems are collected before giving up: an analysis never runs on data with a
 * bad row quietly dropped or turned into a number it is not.
 */
import { type CsvRecord, parseCsv } from './parse.ts';

/** Values read as missing (R's NA): empty, NA, and SAS's "." */
const MISSING = new Set(['', 'NA', '.']);

export class DataFileError extends Error {
  override name = 'DataFileError';
  constructor(readonly problems: string[]) {
    const shown = problems.slice(0, 20);
    const more = problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '';
    super(`${shown.join('\n')}${more}`);
  }
}

export interface Table {
  source: string;
  header: string[];
  rows: string[][];
  /** The file line of each row (1-based, header is line 1 for a simple file). */
  lines: number[];
}

export function readTable(text: string, source: string): Table {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { relaxColumnCount: false });
  } catch (error) {
    throw new DataFileError([`${source}: not valid CSV: ${(error as Error).message}`]);
  }
  const [head, ...body] = records;
  if (!head) throw new DataFileError([`${source}: empty file (expected a header line and data rows)`]);
  const header = head.fields;
  const duplicate = header.find((name, i) => header.indexOf(name) !== i);
  if (duplicate !== undefined)
    throw new DataFileError([`${source}: column "${duplicate}" appears twice in the header`]);
  return { source, header, rows: body.map((r) => r.fields), lines: body.map((r) => r.line) };
}

function columnIndex(table: Table, name: string, option: string): number {
  const index = table.header.indexOf(name);
  if (index < 0) {
    throw new DataFileError([
      `${table.source}: ${option} names column "${name}", which is not in the header (columns: ${table.header.join(', ')})`,
    ]);
  }
  return index;
}

/** Missing (NA) is null; a value that is not a number is a problem naming line, column and value. */
export function numberColumn(table: Table, name: string, option: string): (number | null)[] {
  const index = columnIndex(table, name, option);
  const problems: string[] = [];
  const values = table.rows.map((row, i) => {
    const text = row[index] ?? '';
    if (MISSING.has(text)) return null;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      problems.push(`${table.source}:${table.lines[i]}: column "${name}": "${text}" is not a finite number`);
      return null;
    }
    return value;
  });
  if (problems.length) throw new DataFileError(problems);
  return values;
}

/** Labels as text; missing (NA) is null. */
export function labelColumn(table: Table, name: string, option: string): (string | null)[] {
  const index = columnIndex(table, name, option);
  return table.rows.map((row) => {
    const text = row[index] ?? '';
    return MISSING.has(text) ? null : text;
  });
}

/** The file line of a 1-based data row, for messages from the engines (which count data rows). */
export function lineOfRow(table: Table, row: number): number | undefined {
  return table.lines[row - 1];
}

/** Whether every non-missing value of a column reads as a number (a numeric covariate, not a factor). */
export function isNumericColumn(table: Table, name: string, option: string): boolean {
  const index = columnIndex(table, name, option);
  return table.rows.every((row) => {
    const text = row[index] ?? '';
    return MISSING.has(text) || Number.isFinite(Number(text));
  });
}
