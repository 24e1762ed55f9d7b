/**
 * The pre-scan, cut into byte ranges that can be scanned at the same time (on worker threads), then
 * stitched back together (docs/decisions/0005-parallel-screening.md). It decides exactly what
 * prescan.ts decides — grouped by patient or not, with the same key scanner and the same rule — and,
 * when grouped, cuts the input into segments of whole lines, one per patient, that can be read and
 * screened independently (ndjson-segments.ts).
 */
import { closeSync, openSync } from 'node:fs';
import type { InputFile } from './inputs.ts';
import { forEachLineInRange } from './line-splitter.ts';
import { isIgnorableLine, prescanLine } from './prescan.ts';

/** A byte range of one file: the lines that START in [start, end) (forEachLineInRange). */
export interface RangePiece {
  /** Index of the file in the input list. */
  file: number;
  path: string;
  start: number;
  end: number;
}

/** A unit of pre-scan work: consecutive pieces (a range may cover the end of one file and the next). */
export interface NdjsonRange {
  pieces: RangePiece[];
}

/** Consecutive lines of one patient within a piece (other lines of no patient may sit between them). */
export interface ScannedRun {
  key: string;
  /** Line indexes within the piece, from 0. */
  first: number;
  last: number;
  /** File offset just after the run's last line (after its '\n', or the end of the file). */
  next: number;
}

export interface PieceScan {
  lines: number;
  runs: ScannedRun[];
  /** The text of every Medication line (they have no patient and may be referenced from anywhere). */
  medications: Array<{ line: number; text: string }>;
  /** Lines that need not be parsed (isIgnorableLine), in order. */
  skip: number[];
  /** Set when this piece alone shows the input is not grouped: the line (index in the piece) and why. */
  notGrouped?: { line: number; why: string };
  /** Set when the file could not be read (the sequential reader then reports it). */
  unreadable?: string;
}

export interface RangeScan {
  pieces: PieceScan[];
}

/**
 * Cuts the files, taken end to end, into `count` ranges of about equal size (each at least
 * `minBytes`), in input order. Cuts fall anywhere; forEachLineInRange aligns them to lines.
 */
export function splitNdjsonRanges(
  files: readonly InputFile[],
  count: number,
  minBytes = 1 << 20,
): NdjsonRange[] {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  const target = Math.max(Math.ceil(total / Math.max(1, count)), minBytes, 1);
  const ranges: NdjsonRange[] = [];
  let current: NdjsonRange = { pieces: [] };
  let room = target;
  files.forEach((file, index) => {
    let start = 0;
    while (start < file.size) {
      const end = Math.min(file.size, start + room);
      current.pieces.push({ file: index, path: file.path, start, end });
      room -= end - start;
      start = end;
      if (room === 0) {
        ranges.push(current);
        current = { pieces: [] };
        room = target;
      }
    }
  });
  if (current.pieces.length > 0) ranges.push(current);
  return ranges;
}

const PROGRESS_STEP = 16 << 20;

/**
 * Scans one range with the key scanner (no JSON.parse): runs of lines per patient, line counts,
 * Medication lines, and whether the range shows that the input is not grouped (a Bundle line, or a
 * patient whose lines return after another patient's). `onProgress` gets bytes scanned since its last call.
 */
export function scanNdjsonRange(range: NdjsonRange, onProgress?: (bytes: number) => void): RangeScan {
  const pieces: PieceScan[] = [];
  for (const piece of range.pieces) {
    const scan: PieceScan = { lines: 0, runs: [], medications: [], skip: [] };
    pieces.push(scan);
    const closed = new Set<string>();
    let current: ScannedRun | undefined;
    let reported = piece.start;
    let fd: number | undefined;
    try {
      fd = openSync(piece.path, 'r');
      scan.lines = forEachLineInRange(fd, piece.start, piece.end, (buf, start, end, index, _offset, next) => {
        if (onProgress !== undefined && next - reported >= PROGRESS_STEP) {
          const at = Math.min(next, piece.end);
          onProgress(at - reported);
          reported = at;
        }
        if (isIgnorableLine(buf, start, end)) {
          scan.skip.push(index);
          return;
        }
        const result = prescanLine(buf, start, end);
        if (result === undefined) return;
        if (result.kind === 'medication') {
          scan.medications.push({ line: index, text: buf.toString('utf8', start, end) });
          return;
        }
        if (result.kind === 'bundle') {
          scan.notGrouped = { line: index, why: 'is a Bundle' };
          return false;
        }
        if (result.kind !== 'patient') return;
        if (current !== undefined && current.key === result.key) {
          current.last = index;
          current.next = next;
          return;
        }
        if (closed.has(result.key)) {
          scan.notGrouped = {
            line: index,
            why: `returns to patient ${result.key} after other patients' lines`,
          };
          return false;
        }
        if (current !== undefined) closed.add(current.key);
        current = { key: result.key, first: index, last: index, next };
        scan.runs.push(current);
      });
    } catch (e) {
      scan.unreadable = e instanceof Error ? e.message : String(e);
      return { pieces };
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    if (onProgress !== undefined && piece.end > reported) onProgress(piece.end - reported);
  }
  return { pieces };
}

/** Part of a segment: the whole lines of one file in [start, end), the first being line `firstLine`. */
export interface SegmentPiece {
  /** Index of the file in the input list. */
  file: number;
  start: number;
  end: number;
  /** 1-based line number, in its file, of the line starting at `start`. */
  firstLine: number;
}

/**
 * A patient's run of lines and the lines of no patient just before it (or, for the last segment, the
 * lines after the last run, with no `key`). Segments tile the input in order, so reading them in
 * order meets every line exactly once, as the streaming reader does.
 */
export interface NdjsonSegment {
  key: string | undefined;
  pieces: SegmentPiece[];
  /** Global index (across all inputs, from 0) of the segment's first line. */
  firstIndex: number;
  bytes: number;
  /** Lines of the segment (counted from 0) that need not be parsed: of an ignored type, valid JSON. */
  skip: number[];
}

/** A Medication line and its global line index. */
export interface MedicationLine {
  index: number;
  text: string;
}

export type NdjsonPlan =
  | { grouped: true; segments: NdjsonSegment[]; medications: MedicationLine[] }
  | { grouped: false; reason: string };

/** A run across the whole input, after joining the pieces of runs that continue across cuts. */
interface GlobalRun {
  key: string;
  /** File of the run's last line, its 1-based line number there, and its global index. */
  file: number;
  lastLine: number;
  lastIndex: number;
  next: number;
}

/**
 * Stitches range scans, fed in input order as they arrive, into the pre-scan's verdict: a patient's
 * run may continue across a cut or from one file into the next; a patient that comes back after
 * other patients' lines, or a Bundle line, means not grouped — the rule of prescan.ts. Knowing early
 * that the input is not grouped lets the caller stop scanning the rest.
 */
export class NdjsonStitcher {
  private readonly runs: GlobalRun[] = [];
  private readonly seen = new Set<string>();
  private readonly medications: MedicationLine[] = [];
  private readonly skip: number[] = [];
  /** Lines so far in the current file, and across all inputs. */
  private fileLines = 0;
  private lines = 0;
  private file = -1;
  private notGrouped: string | undefined;

  constructor(private readonly files: readonly InputFile[]) {}

  /** Adds the next range's scan; returns why the input is not grouped, once it is known. */
  add(range: NdjsonRange, scan: RangeScan): string | undefined {
    for (let p = 0; p < range.pieces.length && this.notGrouped === undefined; p++)
      this.notGrouped = this.addPiece(range.pieces[p] as RangePiece, scan.pieces[p] as PieceScan);
    return this.notGrouped;
  }

  private addPiece(piece: RangePiece, result: PieceScan): string | undefined {
    if (piece.file !== this.file) {
      this.file = piece.file;
      this.fileLines = 0;
    }
    const label = (this.files[piece.file] as InputFile).label;
    if (result.unreadable !== undefined) return `${label} could not be read (${result.unreadable})`;
    if (result.notGrouped !== undefined)
      return `${label}:${this.fileLines + result.notGrouped.line + 1} ${result.notGrouped.why}`;
    for (const m of result.medications) this.medications.push({ index: this.lines + m.line, text: m.text });
    for (const line of result.skip) this.skip.push(this.lines + line);
    for (const run of result.runs) {
      const global: GlobalRun = {
        key: run.key,
        file: piece.file,
        lastLine: this.fileLines + run.last + 1,
        lastIndex: this.lines + run.last,
        next: run.next,
      };
      if (this.runs.at(-1)?.key === run.key) {
        this.runs[this.runs.length - 1] = global;
        continue;
      }
      if (this.seen.has(run.key))
        return `${label}:${this.fileLines + run.first + 1} returns to patient ${run.key} after other patients' lines`;
      this.seen.add(run.key);
      this.runs.push(global);
    }
    this.fileLines += result.lines;
    this.lines += result.lines;
    return undefined;
  }

  /** The verdict, once every range has been added. */
  finish(): NdjsonPlan {
    if (this.notGrouped !== undefined) return { grouped: false, reason: this.notGrouped };
    const segments = segmentsOf(this.files, this.runs);
    assignSkips(segments, this.skip);
    return { grouped: true, segments, medications: this.medications };
  }
}

/** NdjsonStitcher over the scans of all `ranges`, in order. */
export function planNdjson(
  files: readonly InputFile[],
  ranges: readonly NdjsonRange[],
  scans: readonly RangeScan[],
): NdjsonPlan {
  const stitcher = new NdjsonStitcher(files);
  for (let r = 0; r < ranges.length; r++) {
    if (stitcher.add(ranges[r] as NdjsonRange, scans[r] as RangeScan) !== undefined) break;
  }
  return stitcher.finish();
}

/** Cuts the input after each run's last line. */
function segmentsOf(files: readonly InputFile[], runs: readonly GlobalRun[]): NdjsonSegment[] {
  const segments: NdjsonSegment[] = [];
  let file = 0;
  let offset = 0;
  let line = 1;
  let index = 0;
  const cut = (key: string | undefined, endFile: number, endOffset: number): NdjsonSegment => {
    const segment: NdjsonSegment = { key, pieces: [], firstIndex: index, bytes: 0, skip: [] };
    const add = (end: number) => {
      if (end <= offset) return;
      segment.pieces.push({ file, start: offset, end, firstLine: line });
      segment.bytes += end - offset;
    };
    for (; file < endFile; file++, offset = 0, line = 1) add((files[file] as InputFile).size);
    add(endOffset);
    offset = endOffset;
    return segment;
  };
  for (const run of runs) {
    segments.push(cut(run.key, run.file, run.next));
    line = run.lastLine + 1;
    index = run.lastIndex + 1;
  }
  const last = files.length - 1;
  if (last >= 0) {
    const tail = cut(undefined, last, (files[last] as InputFile).size);
    if (tail.pieces.length > 0) segments.push(tail);
  }
  return segments;
}

/** Hands each segment the skippable lines (global indexes, ascending) that fall in it. */
function assignSkips(segments: readonly NdjsonSegment[], skip: readonly number[]): void {
  let k = 0;
  for (let s = 0; s < segments.length; s++) {
    const segment = segments[s] as NdjsonSegment;
    const next = segments[s + 1]?.firstIndex ?? Number.POSITIVE_INFINITY;
    while (k < skip.length && (skip[k] as number) < next) {
      segment.skip.push((skip[k] as number) - segment.firstIndex);
      k++;
    }
  }
}
