/**
 * Small readers for FHIR datatypes (dates, codes, quantities, references, annotations).
 *
 * The parameter types come from @medplum/fhirtypes, but input is untrusted JSON: every reader checks
 * the runtime type of what it touches, so a wrong-typed field yields "absent" (or a warning), never a throw.
 */
import type { Annotation, CodeableConcept, Quantity as FhirQuantity, Reference } from '@medplum/fhirtypes';
import { type Code, type IsoDate, type Quantity, SYSTEMS } from '../eligibility/index.ts';

/** Collects a data-quality note about the patient (ends up in PatientFacts.warnings). */
export type Warn = (message: string) => void;

const NONE: readonly never[] = Object.freeze([]);

/** The array, or an empty one when the field is absent or not an array. */
export function arr<T>(value: readonly T[] | undefined | null): readonly T[] {
  return Array.isArray(value) ? value : NONE;
}

/** A field that is a single element in some resources and an array in others (e.g. `category`). */
export function oneOrMany<T>(value: T | readonly T[] | undefined | null): readonly T[] {
  if (value === undefined || value === null) return NONE;
  return Array.isArray(value) ? value : [value as T];
}

/** A non-blank string, trimmed; anything else is absent. */
export function str(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A value as it appeared in the input, for messages. */
export function describe(value: unknown): string {
  return typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
}

export function lower(value: string): string {
  return value.trim().toLowerCase();
}

export function pushUnique<T>(list: T[], value: T | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

// ---------------------------------------------------------------------------------------------- dates

const FULL_DATE = /^\d{4}-\d{2}-\d{2}(?:$|[T ])/;
const PARTIAL_DATE = /^\d{4}(?:-\d{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/**
 * The calendar date part of a FHIR date/dateTime/instant exactly as written (no time-zone shift:
 * '2026-03-02T23:30:00-05:00' → '2026-03-02', docs/decisions/0002-dates-and-windows.md).
 * Returns 'partial' for '1960' / '1960-05' and 'invalid' for anything else that is not a full date.
 */
export function parseDatePart(value: unknown): IsoDate | 'partial' | 'invalid' | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return 'invalid';
  const text = value.trim();
  if (!FULL_DATE.test(text)) return PARTIAL_DATE.test(text) ? 'partial' : 'invalid';
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return 'invalid';
  return text.length === 10 ? text : text.slice(0, 10);
}

/** The number written by the ASCII digits text[from, to) (FULL_DATE has checked they are digits). */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

/** parseDatePart, with a warning naming the field when the value is present but not a full date. */
export function dateOf(value: unknown, field: string, warn: Warn): IsoDate | undefined {
  const date = parseDatePart(value);
  if (date === 'partial') {
    warn(`${field} '${String(value)}' is a partial date; no date taken from it`);
    return undefined;
  }
  if (date === 'invalid') {
    warn(`${field} ${JSON.stringify(value)} is not a valid date; ignored`);
    return undefined;
  }
  return date;
}

/** Adds whole days to an ISO date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------- codes

/** The codings of a CodeableConcept that have a code; a coding without a system gets system ''. */
export function codesOf(concept: CodeableConcept | undefined, into: Code[] = []): Code[] {
  for (const coding of arr(concept?.coding)) {
    const code = str(coding?.code);
    if (code === undefined) continue;
    const display = str(coding.display);
    const system = str(coding.system) ?? '';
    into.push(display === undefined ? { system, code } : { system, code, display });
  }
  return into;
}

export function codesOfAll(concepts: readonly CodeableConcept[]): Code[] {
  const out: Code[] = [];
  for (const concept of concepts) codesOf(concept, out);
  return out;
}

export function textOf(concept: CodeableConcept | undefined): string | undefined {
  return str(concept?.text);
}

/** Text of a concept, else the display of its first coding that has one. */
export function labelOf(concept: CodeableConcept | undefined): string | undefined {
  const text = textOf(concept);
  if (text !== undefined) return text;
  for (const coding of arr(concept?.coding)) {
    const display = str(coding?.display);
    if (display !== undefined) return display;
  }
  return undefined;
}

/** The first coding's code (status-like concepts: clinicalStatus, outcome…). */
export function firstCode(concept: CodeableConcept | undefined): string | undefined {
  for (const coding of arr(concept?.coding)) {
    const code = str(coding?.code);
    if (code !== undefined) return code;
  }
  return undefined;
}

/** Every display and the text of a concept, lower-cased, without repeats, appended to `into`. */
export function namesOf(concept: CodeableConcept | undefined, into: string[] = []): string[] {
  for (const coding of arr(concept?.coding)) {
    const display = str(coding?.display);
    if (display !== undefined) pushUnique(into, lower(display));
  }
  const text = textOf(concept);
  if (text !== undefined) pushUnique(into, lower(text));
  return into;
}

export function hasCode(codes: readonly Code[], system: string, code: string): boolean {
  return codes.some((c) => c.system === system && c.code === code);
}

/** A Reference's display, else its reference string. */
export function referenceLabel(reference: Reference | undefined): string | undefined {
  return str(reference?.display) ?? str(reference?.reference);
}

export function notesOf(notes: readonly Annotation[] | undefined): string[] {
  const out: string[] = [];
  for (const note of arr(notes)) {
    const text = str(note?.text);
    if (text !== undefined) out.push(text);
  }
  return out;
}

// ----------------------------------------------------------------------------------------- quantities

const COMPARATORS = new Set(['<', '<=', '>=', '>']);

/**
 * A FHIR Quantity as a PatientFacts Quantity. `unit` is the UCUM code when the Quantity names the
 * UCUM system and has a code (`ucum: true`); else the unit text (or a non-UCUM code), `ucum: false`.
 * A value that is not a finite number (missing, a string, 1e400 → Infinity) drops the Quantity with a warning.
 */
export function quantityOf(
  quantity: FhirQuantity | undefined,
  field: string,
  warn: Warn,
): Quantity | undefined {
  if (quantity === undefined || quantity === null) return undefined;
  if (typeof quantity !== 'object') {
    warn(`${field} is not a Quantity; dropped`);
    return undefined;
  }
  const value = quantity.value as unknown;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    const what = value === undefined ? 'is missing' : `${describe(value)} is not a finite number`;
    warn(`${field} value ${what}; dropped`);
    return undefined;
  }
  const out: Quantity = { value, ucum: false };
  const code = str(quantity.code);
  if (code !== undefined && quantity.system === SYSTEMS.ucum) {
    out.unit = code;
    out.ucum = true;
  } else {
    const unit = str(quantity.unit) ?? code;
    if (unit !== undefined) out.unit = unit;
  }
  const comparator = quantity.comparator as unknown;
  if (typeof comparator === 'string' && COMPARATORS.has(comparator)) {
    out.comparator = comparator as Quantity['comparator'];
  }
  return out;
}
