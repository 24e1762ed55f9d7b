/**
 * A strict JSON syntax check on bytes, without building anything: true only when JSON.parse would
 * certainly accept the text (RFC 8259 grammar; a few legal but unusual forms — nesting deeper than
 * MAX_DEPTH — are refused too). It is one-sided on purpose: false means "parse it to find out", never
 * "invalid". The pre-scan uses it to let lines of ignored resource types go unparsed
 * (ndjson-ranges.ts), which is exact only because a line it passes can never be a syntax error.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

const MAX_DEPTH = 64;
const OBJECT = 1;
const ARRAY = 2;
/** Open containers, innermost last (reused: checking is synchronous). */
const stack = new Uint8Array(MAX_DEPTH + 1);

/**
 * Bytes inside a string: 0 = plain (every byte ≥ 0x80 too: UTF-8 decoding turns bytes ≥ 0x80, valid
 * or not, into characters ≥ U+0080 or U+FFFD, all legal in a JSON string, and never swallows an ASCII
 * byte); 1 = quote; 2 = backslash; 3 = a control character, which JSON forbids unescaped.
 */
const IN_STRING = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) IN_STRING[c] = 3;
IN_STRING[QUOTE] = 1;
IN_STRING[BACKSLASH] = 2;

/** The characters that may follow a backslash (besides 'u'). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

function isSpace(c: number | undefined): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= ZERO && c <= NINE;
}

/** Index just after the string whose opening quote is at `i`, or -1. */
function stringEnd(buf: Buffer, i: number, end: number): number {
  i++;
  while (i < end) {
    const kind = IN_STRING[buf[i] as number];
    if (kind === 0) {
      i++;
    } else if (kind === 1) {
      return i + 1;
    } else if (kind === 2) {
      const e = buf[i + 1] as number;
      if (SIMPLE_ESCAPE[e] === 1) i += 2;
      else if (
        e === 0x75 &&
        i + 5 < end &&
        HEX[buf[i + 2] as number] === 1 &&
        HEX[buf[i + 3] as number] === 1 &&
        HEX[buf[i + 4] as number] === 1 &&
        HEX[buf[i + 5] as number] === 1
      )
        i += 6;
      else return -1;
    } else {
      return -1;
    }
  }
  return -1;
}

/** Index just after the number starting at `i` (RFC 8259 §6), or -1. */
function numberEnd(buf: Buffer, i: number, end: number): number {
  if (buf[i] === MINUS) i++;
  if (i >= end) return -1;
  if (buf[i] === ZERO) i++;
  else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
  else return -1;
  if (i < end && buf[i] === DOT) {
    i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    if (i < end && (buf[i] === 0x2b || buf[i] === MINUS)) i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  return i;
}

const TRUE = Buffer.from('true');
const FALSE = Buffer.from('false');
const NULL = Buffer.from('null');

/** Index just after `word` if it is at `i`, or -1. */
function wordEnd(buf: Buffer, i: number, end: number, word: Buffer): number {
  if (i + word.length > end) return -1;
  for (let j = 0; j < word.length; j++) if (buf[i + j] !== word[j]) return -1;
  return i + word.length;
}

/**
 * Checks the top-level object's member names: called with the name's bytes [start, end) (between
 * the quotes) and its position among the members; false refuses the whole text.
 */
export type TopKeyCheck = (buf: Buffer, start: number, end: number, member: number) => boolean;

/**
 * True only when buf[start, end) is one JSON value, with only JSON whitespace around it, that
 * JSON.parse accepts. `onTopKey`, when given, vets the names of the top-level object's members.
 */
export function isStrictJson(buf: Buffer, start: number, end: number, onTopKey?: TopKeyCheck): boolean {
  let i = start;
  let depth = 0;
  let member = 0;
  for (;;) {
    // A value.
    while (i < end && isSpace(buf[i])) i++;
    if (i >= end) return false;
    const c = buf[i] as number;
    let containerOpened = false;
    if (c === LBRACE || c === LBRACKET) {
      if (depth === MAX_DEPTH) return false;
      stack[++depth] = c === LBRACE ? OBJECT : ARRAY;
      i++;
      while (i < end && isSpace(buf[i])) i++;
      const close = c === LBRACE ? RBRACE : RBRACKET;
      if (i < end && buf[i] === close) {
        depth--;
        i++;
      } else {
        containerOpened = true;
      }
    } else if (c === QUOTE) {
      i = stringEnd(buf, i, end);
    } else if (c === MINUS || isDigit(c)) {
      i = numberEnd(buf, i, end);
    } else if (c === 0x74) {
      i = wordEnd(buf, i, end, TRUE);
    } else if (c === 0x66) {
      i = wordEnd(buf, i, end, FALSE);
    } else if (c === 0x6e) {
      i = wordEnd(buf, i, end, NULL);
    } else {
      return false;
    }
    if (i < 0) return false;

    // After a value (or just inside a container that is not empty): what comes next.
    let expectMember = containerOpened && stack[depth] === OBJECT;
    if (!containerOpened) {
      for (;;) {
        while (i < end && isSpace(buf[i])) i++;
        if (depth === 0) return i === end;
        if (i >= end) return false;
        const d = buf[i] as number;
        if (d === COMMA) {
          i++;
          expectMember = stack[depth] === OBJECT;
          break;
        }
        if (d !== (stack[depth] === OBJECT ? RBRACE : RBRACKET)) return false;
        depth--;
        i++;
      }
    }
    if (expectMember) {
      // "name": — then the member's value.
      while (i < end && isSpace(buf[i])) i++;
      if (i >= end || buf[i] !== QUOTE) return false;
      const close = stringEnd(buf, i, end);
      if (close < 0) return false;
      if (depth === 1 && onTopKey !== undefined && !onTopKey(buf, i + 1, close - 1, member)) return false;
      if (depth === 1) member++;
      i = close;
      while (i < end && isSpace(buf[i])) i++;
      if (i >= end || buf[i] !== COLON) return false;
      i++;
    }
  }
}
