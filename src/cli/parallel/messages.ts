/** What the main thread and the screening workers (./worker.ts) say to each other. */

import type { Overall, ScreeningContext } from '../../eligibility/index.ts';
import type {
  IntakeError,
  MedicationLine,
  NdjsonRange,
  NdjsonSegment,
  SegmentFile,
} from '../../fhir/index.ts';
import type { ProtocolData } from '../../protocol/index.ts';
import type { Format } from '../screen-output.ts';
import type { BatchBytes, RingLayout } from './output-ring.ts';

/** What every worker needs to screen and format a patient. */
export interface ScreenJob {
  format: Format;
  showAll: boolean;
  context: ScreeningContext;
}

/** Requests, as the pool numbers them (`id`); each gets exactly one 'done' or 'failed' reply. */
export type WorkerRequest =
  /** Phase 1: pre-scan a range (replies with a RangeScan, and 'progress' along the way). */
  | { type: 'scan'; id: number; range: NdjsonRange }
  /** Before phase 2: the protocol as the main thread loaded and validated it, the job, the files and every Medication line. */
  | {
      type: 'setup';
      id: number;
      protocol: ProtocolData;
      job: ScreenJob;
      files: SegmentFile[];
      medications: MedicationLine[];
      /** Where to put the formatted texts (./output-ring.ts). */
      ring: RingLayout;
    }
  /** Phase 2: read, screen and format whole patients (replies with a BatchResult). */
  | { type: 'screen'; id: number; segments: NdjsonSegment[] };

/** A request before the pool numbers it. */
export type UnnumberedRequest = WorkerRequest extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;

export type WorkerReply =
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: string }
  | { type: 'progress'; id: number; bytes: number };

/**
 * A batch's patients and errors in input order. The patients' texts are UTF-8 bytes, in a slot of the
 * output ring or in a buffer moved (not copied) to the main thread; patient i's text is
 * output[end of the patient before, end of i).
 */
export interface BatchResult {
  output: BatchBytes;
  items: Array<{ kind: 'patient'; end: number; overall: Overall } | { kind: 'error'; error: IntakeError }>;
}
