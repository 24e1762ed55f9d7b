import type { PatientFacts, QuestionnaireItem } from '../eligibility/index.ts';

/** A problem with the input that cost us a resource, a line or a file. Never fatal to the batch. */
export interface IntakeError {
  /** 'path/file.ndjson:12', 'path/bundle.json', 'path/bundle.json#entry[3]', or '-:5' for stdin. */
  source: string;
  message: string;
}

/** One patient's facts, or an error, in input order. */
export type IntakeItem = { kind: 'patient'; facts: PatientFacts } | { kind: 'error'; error: IntakeError };

export interface ReadOptions {
  /** Called as bytes are consumed (about every MiB); `totalBytes` is the sum of the file sizes when known. */
  onProgress?: (bytesRead: number, totalBytes: number | undefined) => void;
  /** The protocol's questionnaire items (Protocol.questionnaire.items), for QuestionnaireResponses. */
  questionnaire?: readonly QuestionnaireItem[] | undefined;
}
