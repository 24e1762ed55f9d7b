/**
 * A hand-written scanner that reads, from the bytes of one NDJSON line and without JSON.parse, the four
 * values that decide which patient a resource belongs to: top-level "resourceType" and "id", and the
 * "reference" string inside top-level "subject" and "patient". It honours strings, escapes and nesting
 * depth, and on valid JSON it agrees with JSON.parse exactly (a later duplicate key wins, escaped
 * strings are decoded). On invalid JSON it may return anything; JSON.parse rejects that line anyway.
 * The pre-scan (prescan.ts) uses it to learn whether an NDJSON input is grouped by patient.
 */

export interface ScannedKeys {
  resourceType?: string;
  id?: string;
  subjectReference?: string;
  patientReference?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;

/** The keys the scanner looks for (numbers, to keep the hot loop free of string compares). */
type Key = 0 | 1 | 2 | 3 | 4 | 5;
const Key = { Other: 0, ResourceType: 1, Id: 2, Subject: 3, Patient: 4, Reference: 5 } as const;

const NAMES: ReadonlyArray<readonly [Key, string]> = [
  [Key.ResourceType, 'resourceType'],
  [Key.Id, 'id'],
  [Key.Subject, 'subject'],
  [Key.Patient, 'patient'],
  [Key.Reference, 'reference'],
];
/** Names by byte length (all are ASCII). */
const BY_LENGTH = new Map<number, Array<readonly [Key, Buffer]>>();
for (const [key, name] of NAMES) {
  const list = BY_LENGTH.get(name.length) ?? [];
  list.push([key, Buffer.from(name, 'latin1')]);
  BY_LENGTH.set(name.length, list);
}

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(buf: Buffer, i: number, end: number): number {
  while (i < end && isSpace(buf[i])) i++;
  return i;
}

/** Set by stringEnd: whether the string it just scanned contains a backslash escape. */
let sawEscape = false;

/** Index of the quote closing the string that opens at `open`, or -1 (escapes are two bytes long). */
function stringEnd(buf: Buffer, open: number, end: number): number {
  sawEscape = false;
  let i = open + 1;
  while (i < end) {
    const c = buf[i];
    if (c === QUOTE) return i;
    if (c === BACKSLASH) {
      sawEscape = true;
      i += 2;
    } else {
      i++;
    }
  }
  return -1;
}

/** The string between quotes `open` and `close`, decoded as JSON.parse would; undefined if malformed. */
function decodeString(buf: Buffer, open: number, close: number, escaped: boolean): string | undefined {
  if (!escaped) return buf.toString('utf8', open + 1, close);
  try {
    return JSON.parse(buf.toString('utf8', open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/** Which wanted key (a bitmask of 1 << Key) the key string between `open` and `close` is. */
function keyOf(buf: Buffer, open: number, close: number, escaped: boolean, wanted: number): Key {
  if (escaped) {
    // A key may spell a name with escapes ("\u0069d" is "id"): decode it, as JSON.parse would.
    const text = decodeString(buf, open, close, true);
    for (const [key, name] of NAMES) if ((wanted & (1 << key)) !== 0 && text === name) return key;
    return Key.Other;
  }
  const candidates = BY_LENGTH.get(close - open - 1);
  if (candidates === undefined) return Key.Other;
  for (const [key, bytes] of candidates) {
    if ((wanted & (1 << key)) === 0) continue;
    let j = 0;
    while (j < bytes.length && buf[open + 1 + j] === bytes[j]) j++;
    if (j === bytes.length) return key;
  }
  return Key.Other;
}

/** Index just after the JSON value starting at `i`, or -1. */
function skipValue(buf: Buffer, i: number, end: number): number {
  const c = buf[i];
  if (c === QUOTE) {
    const close = stringEnd(buf, i, end);
    return close < 0 ? -1 : close + 1;
  }
  if (c === LBRACE || c === LBRACKET) return skipNested(buf, i, end);
  const start = i;
  while (i < end) {
    const b = buf[i];
    if (b === COMMA || b === RBRACE || b === RBRACKET || isSpace(b)) break;
    i++;
  }
  return i === start ? -1 : i;
}

/** What a byte outside strings does to the nesting: nothing (most bytes), or open/close a string/level. */
const NESTING = new Uint8Array(256);
const OPENS_STRING = 1;
const OPENS_LEVEL = 2;
const CLOSES_LEVEL = 3;
NESTING[QUOTE] = OPENS_STRING;
NESTING[LBRACE] = OPENS_LEVEL;
NESTING[LBRACKET] = OPENS_LEVEL;
NESTING[RBRACE] = CLOSES_LEVEL;
NESTING[RBRACKET] = CLOSES_LEVEL;

/**
 * Index just after the object or array opening at `i`, or -1. Most of a line is nested values the
 * scanner only steps over, so this is its hot loop: one table lookup per byte outside strings, and
 * strings skipped inline.
 */
function skipNested(buf: Buffer, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const kind = NESTING[buf[i++] as number];
    if (kind === 0) continue;
    if (kind === OPENS_STRING) {
      for (;;) {
        if (i >= end) return -1;
        const c = buf[i++];
        if (c === QUOTE) break;
        if (c === BACKSLASH) i++;
      }
    } else if (kind === OPENS_LEVEL) {
      depth++;
    } else if (--depth === 0) {
      return i;
    }
  }
  return -1;
}

const TOP_KEYS = (1 << Key.ResourceType) | (1 << Key.Id) | (1 << Key.Subject) | (1 << Key.Patient);
const REFERENCE_KEY = 1 << Key.Reference;

/** Set by readString and readReference: the index just after the value they read (-1: malformed). */
let next = -1;

/** A string value at `i` (decoded), or undefined for any other value. */
function readString(buf: Buffer, i: number, end: number): string | undefined {
  if (buf[i] !== QUOTE) {
    next = skipValue(buf, i, end);
    return undefined;
  }
  const close = stringEnd(buf, i, end);
  next = close < 0 ? -1 : close + 1;
  return close < 0 ? undefined : decodeString(buf, i, close, sawEscape);
}

/** walkObject's result when `stop` ended the walk before the object's end. */
const STOPPED = -2;

/**
 * Walks the members of the object opening at `i`. `onWanted(key, valueStart)` reads a wanted member's
 * value and returns the index after it; other values are skipped. Returns the index after '}', -1
 * when malformed, or STOPPED once `stop()` says the members read so far are enough.
 */
function walkObject(
  buf: Buffer,
  i: number,
  end: number,
  wanted: number,
  onWanted: (key: Key, at: number) => number,
  stop?: () => boolean,
): number {
  i = skipSpace(buf, i + 1, end);
  if (i < end && buf[i] === RBRACE) return i + 1;
  while (i < end) {
    if (buf[i] !== QUOTE) return -1;
    const close = stringEnd(buf, i, end);
    if (close < 0) return -1;
    const key = keyOf(buf, i, close, sawEscape, wanted);
    i = skipSpace(buf, close + 1, end);
    if (i >= end || buf[i] !== COLON) return -1;
    i = skipSpace(buf, i + 1, end);
    if (i >= end) return -1;
    i = key === Key.Other ? skipValue(buf, i, end) : onWanted(key, i);
    if (i < 0) return -1;
    if (key !== Key.Other && stop?.() === true) return STOPPED;
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    if (buf[i] === COMMA) {
      i = skipSpace(buf, i + 1, end);
      continue;
    }
    return buf[i] === RBRACE ? i + 1 : -1;
  }
  return -1;
}

// The scan's state, shared by the member callbacks below (module-level so no closure is built per line).
let scanBuf: Buffer = Buffer.alloc(0);
let scanEnd = 0;
let scanned: ScannedKeys = {};
let reference: string | undefined;

function onReferenceMember(_key: Key, at: number): number {
  reference = readString(scanBuf, at, scanEnd);
  return next;
}

/** `reference` inside the value at `i` when it is an object (last one wins), else undefined. */
function readReference(i: number): string | undefined {
  if (scanBuf[i] !== LBRACE) {
    next = skipValue(scanBuf, i, scanEnd);
    return undefined;
  }
  reference = undefined;
  next = walkObject(scanBuf, i, scanEnd, REFERENCE_KEY, onReferenceMember);
  return reference;
}

function onTopMember(key: Key, at: number): number {
  if (key === Key.Subject) scanned.subjectReference = readReference(at);
  else if (key === Key.Patient) scanned.patientReference = readReference(at);
  else if (key === Key.ResourceType) scanned.resourceType = readString(scanBuf, at, scanEnd);
  else scanned.id = readString(scanBuf, at, scanEnd);
  return next;
}

/** Says, from the keys read so far, that the rest of the line cannot change what they decide. */
export type StopWhen = (keys: ScannedKeys) => boolean;

let stopWhen: StopWhen | undefined;
const stopNow = () => stopWhen?.(scanned) === true;

/**
 * The patient-deciding keys of the JSON object in buf[start, end), or null when it is not one.
 * With `stop`, the scan ends as soon as `stop(keys)` is true: the rest of the line is neither read
 * nor checked (a later duplicate key, or a syntax error further on, is then left to JSON.parse).
 */
export function scanKeys(buf: Buffer, start: number, end: number, stop?: StopWhen): ScannedKeys | null {
  const i = skipSpace(buf, start, end);
  if (i >= end || buf[i] !== LBRACE) return null;
  scanBuf = buf;
  scanEnd = end;
  scanned = {};
  stopWhen = stop;
  const after = walkObject(buf, i, end, TOP_KEYS, onTopMember, stop ? stopNow : undefined);
  const out = scanned;
  scanBuf = EMPTY;
  stopWhen = undefined;
  if (after === STOPPED) return out;
  return after >= 0 && skipSpace(buf, after, end) === end ? out : null;
}

const EMPTY = Buffer.alloc(0);
