/**
 * Reads one segment of grouped NDJSON (ndjson-ranges.ts) into its patient's facts, by the same rules
 * as the streaming reader (read-patients.ts): the same parsing and errors per line, duplicates,
 * questionnaires, and medication uses resolved against every Medication line of the input — as the
 * streaming reader would have seen them at that point of the input. Segments can be read in any order
 * and on any thread; read in input order, their errors come out exactly as the streaming reader's.
 */

import { closeSync, openSync } from 'node:fs';
import type { Medication } from '@medplum/fhirtypes';
import type { PatientFacts, QuestionnaireItem } from '../eligibility/index.ts';
import { Intake } from './intake.ts';
import { forEachLineInRange, isBlank } from './line-splitter.ts';
import type { MedicationInfo } from './mapping.ts';
import { LineLocator, loadLine, MALFORMED, parseLine } from './ndjson-line.ts';
import type { MedicationLine, NdjsonSegment, SegmentPiece } from './ndjson-ranges.ts';
import type { IntakeError } from './types.ts';

export interface SegmentFile {
  path: string;
  /** How sources name it. */
  label: string;
}

export interface SegmentFacts {
  /** Undefined when the segment has no patient, or none of its lines could be used. */
  facts: PatientFacts | undefined;
  errors: readonly IntakeError[];
}

function loadResource(locator: unknown): unknown {
  return locator instanceof LineLocator ? loadLine(locator) : locator;
}

export class NdjsonSegmentReader {
  private readonly intake: Intake;
  /** Medication ids defined by more than one line: their definitions in input order. */
  private readonly contested = new Map<string, Array<{ index: number; info: MedicationInfo }>>();
  private piece: SegmentPiece | undefined;
  private key: string | undefined;
  /** The segment's lines that need not be parsed, the next of them, and the line count so far. */
  private skip: readonly number[] = [];
  private skipAt = 0;
  private lineOfSegment = 0;
  /** The file read last, kept open: consecutive segments are mostly in the same file. */
  private open: { path: string; fd: number } | undefined;

  constructor(
    private readonly files: readonly SegmentFile[],
    medications: readonly MedicationLine[],
    /** The protocol's questionnaire items, as for readPatients. */
    questionnaire?: readonly QuestionnaireItem[],
  ) {
    this.intake = new Intake({ loadResource, questionnaire });
    // The streaming reader's pre-scan puts every Medication into the map (a later line with the same
    // id replaces an earlier one) and its main pass puts each one in again as it reads past it. So at
    // line i, an id's medication is its last definition before i, or else its last one overall.
    const scratch = new Intake();
    const definitions = new Map<string, Array<{ index: number; info: MedicationInfo }>>();
    for (const line of medications) {
      let medication: Medication;
      try {
        medication = JSON.parse(line.text) as Medication;
      } catch {
        continue; // the line's segment reports the syntax error
      }
      scratch.medications.clear();
      scratch.addMedication(medication);
      for (const [id, info] of scratch.medications) {
        const list = definitions.get(id) ?? [];
        list.push({ index: line.index, info });
        definitions.set(id, list);
      }
    }
    for (const [id, list] of definitions) {
      this.intake.medications.set(id, (list.at(-1) as { info: MedicationInfo }).info);
      if (list.length > 1) this.contested.set(id, list);
    }
  }

  read(segment: NdjsonSegment): SegmentFacts {
    for (const [id, list] of this.contested) {
      let info = (list.at(-1) as { info: MedicationInfo }).info;
      for (const definition of list) if (definition.index < segment.firstIndex) info = definition.info;
      this.intake.medications.set(id, info);
    }
    this.key = segment.key;
    this.skip = segment.skip;
    this.skipAt = 0;
    this.lineOfSegment = 0;
    let unreadable: string | undefined;
    for (const piece of segment.pieces) {
      const file = this.files[piece.file] as SegmentFile;
      this.piece = piece;
      try {
        forEachLineInRange(this.fdOf(file.path), piece.start, piece.end, this.line);
      } catch (e) {
        unreadable = file.label;
        this.skip = []; // the line count is lost: parse every line that is left
        this.intake.error(
          file.label,
          `cannot read (${e instanceof Error ? e.message : String(e)}); file skipped`,
        );
      }
    }
    const facts = segment.key === undefined ? undefined : this.intake.finishPatient(segment.key);
    if (facts !== undefined && unreadable !== undefined) {
      // Never hand out a patient with part of its resources missing.
      this.intake.error(
        unreadable,
        `patient ${facts.patientId} not screened: part of its lines could not be read`,
      );
      return { facts: undefined, errors: this.intake.takeErrors() };
    }
    return { facts, errors: this.intake.takeErrors() };
  }

  private fdOf(path: string): number {
    if (this.open?.path !== path) {
      this.close();
      this.open = { path, fd: openSync(path, 'r') };
    }
    return this.open.fd;
  }

  /** Closes the file kept open; the reader can still be used (it opens files again as needed). */
  close(): void {
    if (this.open === undefined) return;
    const { fd } = this.open;
    this.open = undefined;
    closeSync(fd);
  }

  private readonly line = (buf: Buffer, start: number, end: number, index: number, offset: number): void => {
    // A valid line of an ignored type (Claim, Encounter…) would be parsed only to be dropped.
    if (this.skip[this.skipAt] === this.lineOfSegment++) {
      this.skipAt++;
      return;
    }
    if (isBlank(buf, start, end)) return;
    const piece = this.piece as SegmentPiece;
    const file = this.files[piece.file] as SegmentFile;
    const source = `${file.label}:${piece.firstLine + index}`;
    const value = parseLine(this.intake, buf, start, end, source);
    if (value === MALFORMED) return;
    const locator = new LineLocator(file.path, offset, end - start);
    const key = this.intake.classify(value);
    if (key.kind === 'patient' && key.key === this.key) {
      this.intake.addToPatient(key.key, value as Record<string, unknown>, source, locator);
      return;
    }
    // The pre-scan's key scanner agrees with JSON.parse on valid JSON, so neither of these can
    // happen; were it wrong, the line is reported rather than merged into the wrong patient.
    if (key.kind === 'patient' || key.kind === 'bundle') {
      const resource = value as Record<string, unknown>;
      const ref = `${String(resource.resourceType)}/${typeof resource.id === 'string' ? resource.id : '(no id)'}`;
      const expected = this.key === undefined ? 'no patient' : `patient ${this.key}`;
      const found = key.kind === 'bundle' ? 'a Bundle' : `patient ${key.key}'s`;
      this.intake.error(
        source,
        `${ref} is ${found}, but the pre-scan read it as ${expected}'s (the input is not grouped by patient as the pre-scan found); skipped`,
      );
      return;
    }
    this.intake.addResource(value, source, locator);
  };
}
