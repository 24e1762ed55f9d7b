/**
 * Splits a byte stream into lines on '\n' without readline (which is several times slower): lines are
 * handed out as ranges of the chunk Buffer, with a trailing '\r' removed, the UTF-8 byte-order mark
 * at the start of the stream skipped, and a last line without newline delivered by `end()`.
 */
import { createReadStream } from 'node:fs';

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
