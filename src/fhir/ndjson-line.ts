/**
 * One NDJSON line: decoding and parsing it (with the error a malformed line costs), and finding it
 * again on disk when a duplicate has to be compared. Shared by the streaming reader (read-patients.ts)
 * and the segment reader of parallel screening (ndjson-segments.ts), so both read a line the same way.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Intake } from './intake.ts';
import { parseJson } from './json-text.ts';

/** One NDJSON line in a file, for re-reading when a duplicate has to be compared. */
export class LineLocator {
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly length: number,
  ) {}
}

export function loadLine(locator: LineLocator): unknown {
  const fd = openSync(locator.path, 'r');
  try {
    const buf = Buffer.alloc(locator.length);
    readSync(fd, buf, 0, locator.length, locator.offset);
    return JSON.parse(buf.toString('utf8'));
  } finally {
    closeSync(fd);
  }
}

type Utf8Slice = (this: Buffer, start: number, end: number) => string;
/**
 * Buffer#utf8Slice is what Buffer#toString('utf8', start, end) calls once it has checked its
 * arguments; calling it directly saves that wrapper on every line (~0.2 s per million lines).
 */
const utf8Slice = (Buffer.prototype as unknown as { utf8Slice?: Utf8Slice }).utf8Slice;
function decodeUtf8(buf: Buffer, start: number, end: number): string {
  return utf8Slice === undefined ? buf.toString('utf8', start, end) : utf8Slice.call(buf, start, end);
}

/** What parseLine returns for a line that is not JSON (after reporting it). */
export const MALFORMED: unique symbol = Symbol('malformed line');

/** The parsed value of buf[start, end); a malformed line is reported to `intake` as `source`. */
export function parseLine(
  intake: Intake,
  buf: Buffer,
  start: number,
  end: number,
  source: string,
): unknown | typeof MALFORMED {
  const text = decodeUtf8(buf, start, end);
  try {
    return JSON.parse(text);
  } catch {
    const parsed = parseJson(text);
    const detail = parsed.ok ? 'unreadable' : `${parsed.detail}, column ${parsed.column}`;
    intake.error(source, `invalid JSON (${detail}); line skipped`);
    return MALFORMED;
  }
}
