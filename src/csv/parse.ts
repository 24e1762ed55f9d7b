/**
 * CSV text (RFC 4180: quoted fields, doubled quotes, CRLF, a byte-order mark) as records with the
 * file line each starts on, for readers that name lines in their messages. Parsing is csv-parse's.
 */
import { parse } from 'csv-parse/sync';

export interface CsvRecord {
  fields: string[];
  /** 1-based line the record starts on (the header is line 1 in a simple file). */
  line: number;
}

/**
 * Parses CSV; blank lines are skipped and fields trimmed. With `relaxColumnCount` false a record
 * whose field count differs from the first throws, as any syntax error does (csv-parse's message).
 */
export function parseCsv(text: string, options: { relaxColumnCount: boolean }): CsvRecord[] {
  const records = parse(text, {
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_column_count: options.relaxColumnCount,
    trim: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return records.map(({ record, info }) => {
    // csv-parse reports the line a record ends on; a quoted field with line breaks starts earlier.
    const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    return { fields: record, line: info.lines - breaks };
  });
}
