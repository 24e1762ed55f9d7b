/**
 * The text types of every request, defined once (issue 14: text is normalized and validated at the edge).
 *
 * - Well-formed Unicode always: a lone UTF-16 surrogate is not a character; PostgreSQL (and PGlite)
 *   store U+FFFD in its place, so what was hashed for the audit trail would not be what was stored.
 * - No control characters where they mean nothing: none at all in names, IDs and file names; tab and
 *   line breaks only in multi-line text (reasons, comments, CSV and NDJSON files). NUL in particular:
 *   PostgreSQL's text and jsonb cannot hold it.
 * - What a person typed (names, reasons, comments, labels) is trimmed and NFC-normalized, so "é" typed
 *   as one character or as e + combining accent is the same text, stored and hashed the same way.
 * - Every text is bounded.
 *
 * Passwords keep every character as typed (changing them would change what is hashed) but must be
 * well-formed. Data files (CSV, NDJSON) are neither trimmed nor normalized: they are data.
 */
import { z } from 'zod';

/** In a `u` regex a surrogate pair is one code point, so only a surrogate without its pair matches. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Control characters but tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** FHIR R4 string (§2.24.0.1): no character below U+0020 but tab, carriage return and line feed. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const FHIR_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

export const WELL_FORMED_TEXT = 'well-formed Unicode text (no lone surrogate)';
export const NO_CONTROL_CHARACTERS = 'text without control characters (U+0000–U+001F, U+007F–U+009F)';
export const NO_CONTROL_BUT_LINES =
  'text without control characters other than tab and line breaks (U+0000–U+001F, U+007F–U+009F)';
const FHIR_STRING = 'FHIR text: no NUL and no control character but tab and line breaks (FHIR R4 string)';

/** Whether `text` is well-formed Unicode (String.prototype.isWellFormed, which ES2023 does not type). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
/** Whether `text` holds a C0 or C1 control character (tab and line breaks too unless `lines`). */
export function hasControlCharacter(text: string, lines = false): boolean {
  return (lines ? CONTROL_BUT_LINES : CONTROL).test(text);
}

interface TextRules {
  min: number;
  max: number;
  /** Tab, line feed and carriage return allowed. */
  lines: boolean;
  /** Trimmed and NFC-normalized: text a person typed. */
  typed: boolean;
}

function text({ min, max, lines, typed }: TextRules) {
  let schema = z
    .string()
    .refine(isWellFormed, { error: WELL_FORMED_TEXT, abort: true })
    .refine((t) => !hasControlCharacter(t, lines), {
      error: lines ? NO_CONTROL_BUT_LINES : NO_CONTROL_CHARACTERS,
      abort: true,
    });
  if (typed) schema = schema.trim().normalize('NFC');
  return (min > 0 ? schema.min(min) : schema).max(max);
}

/** One line a person typed (a display name, a label, a unit): trimmed, NFC, no control character. */
export const singleLine = (max: number, min = 1) => text({ min, max, lines: false, typed: true });
/** Text a person typed that may span lines (a reason, a comment): trimmed, NFC; tab and line breaks kept. */
export const multiLine = (max: number, min = 1) => text({ min, max, lines: true, typed: true });
/** An ID (site, question, lab, factor, study ID): no control character, not trimmed or normalized. */
export const identifier = (max: number) => text({ min: 1, max, lines: false, typed: false });
/** A data file's text (CSV, NDJSON): tab and line breaks allowed, kept exactly as sent. */
export const dataText = (max: number, min = 0) => text({ min, max, lines: true, typed: false });
/** A password: any character, exactly as typed, but well-formed. */
export const secret = (max: number, min = 1) =>
  z.string().refine(isWellFormed, { error: WELL_FORMED_TEXT, abort: true }).min(min).max(max);

/** The name of an uploaded file, as shown in lists and data problems. */
export const fileName = singleLine(255);
/** A person's name as shown to others (a user's display name). */
export const displayName = singleLine(200);

/**
 * Whether JSON text nests objects and arrays deeper than `max` (the outermost being level 1), read from
 * the text itself, without parsing it (malformed text is for the parser to refuse).
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character ("\"" does not end the string)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** A problem found in a JSON document: where (keys and indices from the document's root) and what. */
export interface JsonTextProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The problems of the text inside a JSON document (an uploaded FHIR resource or Bundle): every key
 * and string must be well-formed and FHIR text (keys: no control character at all). Iterative, so no
 * depth can overflow the stack (the edge bounds depth anyway); stops after `max` problems.
 */
export function jsonTextProblems(document: unknown, max = 10): JsonTextProblem[] {
  const problems: JsonTextProblem[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: document, path: [] }];
  const checkText = (value: string, path: (string | number)[], key: boolean) => {
    if (!isWellFormed(value)) problems.push({ path, message: WELL_FORMED_TEXT });
    else if (key ? CONTROL.test(value) : FHIR_FORBIDDEN.test(value))
      problems.push({ path, message: key ? `a key: ${NO_CONTROL_CHARACTERS}` : FHIR_STRING });
  };
  while (stack.length > 0 && problems.length < max) {
    const { value, path } = stack.pop() as { value: unknown; path: (string | number)[] };
    if (typeof value === 'string') checkText(value, path, false);
    else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        checkText(key, [...path, key], true);
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return problems.slice(0, max);
}
