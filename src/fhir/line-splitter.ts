/**
 * Splits a byte stream into lines on '\n' without readline (which is several times slower): lines are
 * handed out as ranges of the chunk Buffer, with a trailing '\r' removed, the UTF-8 byte-order mark
 * at the start of the stream skipped, and a last line without newline delivered by `end()`.
 */
import { createReadStream, readSync } from 'node:fs';

/** One line: bytes buf[start, end), its 1-based number and the byte offset of its start in the file. */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNo: number, offset: number) => void;

const NEWLINE = 0x0a;
const CR = 0x0d;

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LineSplitter {
  private carry: Buffer | undefined;
  private carryOffset = 0;
  /** File offset of the next byte to arrive. */
  private offset = 0;
  private lineNo = 0;
  /** The first bytes, held while they could still be the start of a byte-order mark. */
  private head: Buffer | undefined = Buffer.alloc(0);

  push(input: Buffer, onLine: LineHandler): void {
    let chunk = input;
    let pos = 0;
    if (this.head !== undefined) {
      chunk = this.head.length === 0 ? input : Buffer.concat([this.head, input]);
      if (chunk.length < BOM.length && BOM.subarray(0, chunk.length).equals(chunk)) {
        this.head = chunk;
        return;
      }
      this.head = undefined;
      if (chunk.subarray(0, BOM.length).equals(BOM)) pos = BOM.length;
    }
    const base = this.offset;
    this.offset += chunk.length;
    if (this.carry !== undefined) {
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const line = Buffer.concat([this.carry, chunk.subarray(0, newline)]);
      this.carry = undefined;
      this.emit(line, 0, line.length, this.carryOffset, onLine);
      pos = newline + 1;
    }
    for (;;) {
      const newline = chunk.indexOf(NEWLINE, pos);
      if (newline < 0) break;
      this.emit(chunk, pos, newline, base + pos, onLine);
      pos = newline + 1;
    }
    if (pos < chunk.length) {
      this.carry = chunk.subarray(pos);
      this.carryOffset = base + pos;
    }
  }

  /** Delivers a last line that had no newline. */
  end(onLine: LineHandler): void {
    if (this.head !== undefined && this.head.length > 0) {
      const head = this.head;
      this.head = undefined;
      this.push(head, onLine);
    }
    if (this.carry === undefined) return;
    const line = this.carry;
    this.carry = undefined;
    this.emit(line, 0, line.length, this.carryOffset, onLine);
  }

  private emit(buf: Buffer, start: number, end: number, offset: number, onLine: LineHandler): void {
    this.lineNo++;
    onLine(buf, start, end > start && buf[end - 1] === CR ? end - 1 : end, this.lineNo, offset);
  }
}

/** True when buf[start, end) holds only JSON whitespace. */
export function isBlank(buf: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) return false;
  }
  return true;
}

export const CHUNK_BYTES = 1 << 20;

/** Reads a file's lines; stops after the chunk in which `shouldStop()` became true. */
export async function forEachLine(
  path: string,
  onLine: LineHandler,
  shouldStop?: () => boolean,
): Promise<void> {
  const splitter = new LineSplitter();
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  try {
    for await (const chunk of stream) {
      splitter.push(chunk as Buffer, onLine);
      if (shouldStop?.() === true) return;
    }
    splitter.end(onLine);
  } finally {
    stream.destroy();
  }
}

/**
 * One line of a byte range: as LineHandler, with `index` counting the range's lines from 0 and `next`
 * the file offset just after the line's newline (or the end of the file). Returning `false` stops the
 * reading.
 */
export type RangeLineHandler = (
  buf: Buffer,
  start: number,
  end: number,
  index: number,
  offset: number,
  next: number,
) => unknown;

/** Reused by forEachLineInRange (synchronous, so one buffer per thread is enough). */
let rangeBuffer = Buffer.allocUnsafe(CHUNK_BYTES);
/** How far past the end of a range to read at a time while finishing its last line. */
const TAIL_BYTES = 64 * 1024;

/**
 * The lines of an open file that START in the byte range [from, to), read synchronously: the line
 * starting at `from` belongs to the range only when `from` is 0 or follows a '\n', and the last line
 * is read to its end even past `to`. So ranges that tile a file give every line to exactly one range,
 * wherever the cuts fall. Same lines as LineSplitter (byte-order mark skipped, '\r' before '\n'
 * removed, a last line without newline delivered). Returns the number of lines read.
 */
export function forEachLineInRange(fd: number, from: number, to: number, onLine: RangeLineHandler): number {
  let buf = rangeBuffer;
  /** File offset of buf[0]; buf[0, filled) holds file bytes. */
  let base = from > 0 ? from - 1 : 0;
  let filled = 0;
  let eof = false;
  /** Reads more bytes, keeping buf[keep, filled) (moved to the front); false at the end of the file. */
  const more = (keep: number): boolean => {
    if (keep > 0) {
      buf.copy(buf, 0, keep, filled);
      base += keep;
      filled -= keep;
    } else if (filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
      rangeBuffer = bigger;
    }
    if (eof) return false;
    // Up to `to` (plus a little, for the line that straddles it), never the whole rest of the file.
    const wanted = base + filled < to ? to - (base + filled) : TAIL_BYTES;
    const n = readSync(fd, buf, filled, Math.min(buf.length - filled, wanted), base + filled);
    if (n === 0) eof = true;
    filled += n;
    return n > 0;
  };

  let lineStart: number;
  if (from > 0) {
    // Skip the tail of the line that started before `from` (none when byte from - 1 is '\n').
    let scanned = 0;
    for (;;) {
      const newline = filled > scanned ? buf.subarray(scanned, filled).indexOf(NEWLINE) : -1;
      if (newline >= 0) {
        lineStart = scanned + newline + 1;
        break;
      }
      scanned = 0;
      if (!more(filled)) return 0;
    }
  } else {
    while (filled < BOM.length && more(0));
    lineStart = filled >= BOM.length && buf.subarray(0, BOM.length).equals(BOM) ? BOM.length : 0;
  }

  let index = 0;
  let view = buf.subarray(0, filled);
  // A line belongs to the range where it starts; the first line of a file starts at 0 (its BOM).
  let firstOfFile = from === 0;
  for (;;) {
    if (!firstOfFile && base + lineStart >= to) return index;
    firstOfFile = false;
    let newline = view.indexOf(NEWLINE, lineStart);
    while (newline < 0) {
      // The line goes on past what was read: move it to the front of the buffer and read more.
      const kept = lineStart;
      const gotMore = more(lineStart);
      lineStart -= kept;
      view = buf.subarray(0, filled);
      if (!gotMore) {
        if (filled > lineStart) onLine(buf, lineStart, filled, index++, base + lineStart, base + filled);
        return index;
      }
      newline = view.indexOf(NEWLINE, lineStart);
    }
    const end = newline > lineStart && buf[newline - 1] === CR ? newline - 1 : newline;
    if (onLine(buf, lineStart, end, index++, base + lineStart, base + newline + 1) === false) return index;
    lineStart = newline + 1;
  }
}
