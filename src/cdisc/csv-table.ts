/**
 * SDTM/ADaM CSV text as rows of named values with their line numbers. Parsing problems are returned,
 * not thrown: a malformed row is reported and left out, a missing required column stops only that file.
 */
import { type CsvRecord, parseCsv } from '../csv/index.ts';
import type { Problem, SourceRef } from './problems.ts';

/** Missing values as R (`NA`), SAS (`.`) and most exports (empty) write them. */
const MISSING = new Set(['', 'NA', '.']);

export interface CsvRow {
  source: SourceRef;
  /** Value of a column, trimmed; null when missing or when the column is not in the file. */
  get(column: string): string | null;
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

export function hasColumn(table: CsvTable, column: string): boolean {
  return table.header.includes(column);
}

/**
 * Parses CSV text. Column names are matched case-insensitively (stored upper-case), as SAS and R
 * exports differ in case. Returns null (with a problem) when the text is not CSV or has no header.
 */
export function readCsvTable(text: string, file: string, problems: Problem[]): CsvTable | null {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { relaxColumnCount: true });
  } catch (error) {
    problems.push({
      file,
      line: 1,
      code: 'invalid-csv',
      severity: 'error',
      message: `not valid CSV: ${(error as Error).message}`,
    });
    return null;
  }
  const [head, ...body] = records;
  if (!head) {
    problems.push({
      file,
      line: 1,
      code: 'invalid-csv',
      severity: 'error',
      message: 'empty file (no header line)',
    });
    return null;
  }
  const header = head.fields.map((name) => name.toUpperCase());
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  const rows: CsvRow[] = [];
  for (const { fields: record, line } of body) {
    const source = { file, line };
    if (record.length !== header.length) {
      problems.push({
        ...source,
        code: 'bad-row',
        severity: 'error',
        message: `row has ${record.length} fields, the header ${header.length}: row left out`,
      });
      continue;
    }
    rows.push({
      source,
      get(column) {
        const i = index.get(column);
        const value = i === undefined ? undefined : record[i];
        return value === undefined || MISSING.has(value) ? null : value;
      },
    });
  }
  return { header, rows };
}

/**
 * Checks required columns; each alternative group (`['TUSTRESC', 'TUORRES']`) needs one of its names.
 * Returns false, with one problem per missing column, when any is missing.
 */
export function requireColumns(
  table: CsvTable,
  file: string,
  domain: string,
  required: (string | string[])[],
  problems: Problem[],
): boolean {
  let ok = true;
  for (const need of required) {
    const names = Array.isArray(need) ? need : [need];
    if (names.some((name) => hasColumn(table, name))) continue;
    ok = false;
    problems.push({
      file,
      line: 1,
      code: 'missing-column',
      severity: 'error',
      message: `${domain}: required column ${names.join(' or ')} is not in the header (columns: ${table.header.join(', ')}); file not read`,
    });
  }
  return ok;
}
