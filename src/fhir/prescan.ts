/**
 * The pre-scan over NDJSON inputs: a cheap first pass that finds each line's patient with the key
 * scanner (no JSON.parse) and decides whether the input is grouped by patient — every line of one
 * patient before any line of the next, across the inputs in the order given. It also collects every
 * Medication line (they have no patient, are few, and may be referenced from anywhere).
 */
import type { Medication } from '@medplum/fhirtypes';
import type { InputFile } from './inputs.ts';
import type { Intake } from './intake.ts';
import { scanKeys } from './key-scanner.ts';
import { forEachLine, isBlank } from './line-splitter.ts';
import { isIgnoredType, type KeyResult, keysDecidePatient, patientKeyOf } from './references.ts';
import { isStrictJson } from './strict-json.ts';

/** The lines of one patient: global line indexes first…last (other patients' lines never fall between). */
export interface Run {
  key: string;
  first: number;
  last: number;
}

export type Prescan = { grouped: true; runs: Run[] } | { grouped: false; reason: string };

export type Scanner = typeof scanKeys;

/**
 * What the pre-scan learns from one line without JSON.parse: its patient key, or that it is a
 * Medication, a Bundle, an ignored type or an error; undefined for a blank line or one that is not a
 * JSON object (the main pass reports it).
 */
export function prescanLine(
  buf: Buffer,
  start: number,
  end: number,
  scan: Scanner = scanKeys,
): KeyResult | undefined {
  if (isBlank(buf, start, end)) return undefined;
  // Reading stops once the patient is decided (most lines name it in their first few hundred bytes).
  const keys = scan(buf, start, end, keysDecidePatient);
  if (keys === null) return undefined;
  return patientKeyOf(keys.resourceType, keys.id, keys.subjectReference, keys.patientReference);
}

/** Global line index: lines are numbered 0, 1, … across all inputs in order, blank lines included. */
export async function prescanNdjson(
  files: readonly InputFile[],
  intake: Intake,
  scan: Scanner = scanKeys,
): Promise<Prescan> {
  const runs: Run[] = [];
  const closed = new Set<string>();
  let current: Run | undefined;
  let index = -1;
  let notGrouped: string | undefined;

  let label = '';
  const onLine = (buf: Buffer, start: number, end: number, lineNo: number): void => {
    index++;
    if (notGrouped !== undefined) return;
    const result = prescanLine(buf, start, end, scan);
    if (result === undefined) return;
    if (result.kind === 'medication') {
      try {
        intake.addMedication(JSON.parse(buf.toString('utf8', start, end)) as Medication);
      } catch {
        // the main pass reports the syntax error
      }
      return;
    }
    if (result.kind === 'bundle') {
      notGrouped = `${label}:${lineNo} is a Bundle`;
      return;
    }
    if (result.kind !== 'patient') return;
    if (current !== undefined && current.key === result.key) {
      current.last = index;
      return;
    }
    if (closed.has(result.key)) {
      notGrouped = `${label}:${lineNo} returns to patient ${result.key} after other patients' lines`;
      return;
    }
    if (current !== undefined) closed.add(current.key);
    current = { key: result.key, first: index, last: index };
    runs.push(current);
  };

  for (const file of files) {
    label = file.label;
    try {
      await forEachLine(file.path, onLine, () => notGrouped !== undefined);
    } catch (e) {
      return { grouped: false, reason: `${file.label} could not be read (${String(e)})` };
    }
    if (notGrouped !== undefined) return { grouped: false, reason: notGrouped };
  }
  return { grouped: true, runs };
}

const PREFIX = Buffer.from('{"resourceType":"', 'latin1');
const RESOURCE_TYPE = Buffer.from('resourceType', 'latin1');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isLetter(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a));
}

/** No later top-level member may be (or, spelled with escapes, might be) another "resourceType". */
function notAnotherResourceType(buf: Buffer, start: number, end: number, member: number): boolean {
  if (member === 0) return true;
  for (let i = start; i < end; i++) if (buf[i] === BACKSLASH) return false;
  if (end - start !== RESOURCE_TYPE.length) return true;
  for (let j = 0; j < RESOURCE_TYPE.length; j++) if (buf[start + j] !== RESOURCE_TYPE[j]) return true;
  return false;
}

/**
 * True only when the line is certainly a JSON object that JSON.parse accepts, of a resource type
 * that intake ignores (Encounter, Claim, DiagnosticReport…): written `{"resourceType":"Claim",…`,
 * with no other top-level "resourceType", and strictly valid (strict-json.ts). Such a line yields no
 * facts and no error however it is read, so the parallel reader need not parse it. Anything unusual
 * → false, and the line is read as usual.
 */
export function isIgnorableLine(buf: Buffer, start: number, end: number): boolean {
  if (end - start < PREFIX.length + 2) return false;
  for (let j = 0; j < PREFIX.length; j++) if (buf[start + j] !== PREFIX[j]) return false;
  const typeStart = start + PREFIX.length;
  let i = typeStart;
  while (i < end && isLetter(buf[i])) i++;
  if (i === typeStart || buf[i] !== QUOTE) return false;
  if (!isIgnoredType(buf.toString('latin1', typeStart, i))) return false;
  return isStrictJson(buf, start, end, notAnotherResourceType);
}
