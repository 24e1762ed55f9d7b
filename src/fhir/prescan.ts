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
import { patientKeyOf } from './references.ts';

/** The lines of one patient: global line indexes first…last (other patients' lines never fall between). */
export interface Run {
  key: string;
  first: number;
  last: number;
}

export type Prescan = { grouped: true; runs: Run[] } | { grouped: false; reason: string };

export type Scanner = typeof scanKeys;

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
    if (notGrouped !== undefined || isBlank(buf, start, end)) return;
    const keys = scan(buf, start, end);
    if (keys === null) return; // not a JSON object: the main pass reports it
    const result = patientKeyOf(keys.resourceType, keys.id, keys.subjectReference, keys.patientReference);
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
