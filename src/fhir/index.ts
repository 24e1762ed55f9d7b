/**
 * src/fhir: FHIR R4 → PatientFacts. The only code in trialkit that knows what a FHIR resource looks
 * like. Reads Bundles (any type) and Bulk-FHIR NDJSON; see docs/fhir-intake.md for the mapping rules,
 * the tumor-lesion and questionnaire shapes, and the streaming/buffered reading paths.
 */

export { type ExpandedInputs, expandInputs, type InputFile } from './inputs.ts';
export { factsFromBundle, factsFromResources } from './intake.ts';
export { type EnteredLab, type EnteredResult, labCollection, labObservation } from './lab-observation.ts';
// Grouped NDJSON in parallel (docs/decisions/0005-parallel-screening.md): pre-scan ranges, stitch
// them into per-patient segments, read each segment on any thread.
export {
  type MedicationLine,
  type NdjsonPlan,
  type NdjsonRange,
  type NdjsonSegment,
  NdjsonStitcher,
  planNdjson,
  type RangeScan,
  scanNdjsonRange,
  splitNdjsonRanges,
} from './ndjson-ranges.ts';
export { NdjsonSegmentReader, type SegmentFacts, type SegmentFile } from './ndjson-segments.ts';
export { type SourcePatient, sourcePatients } from './patient-identity.ts';
export { readPatients } from './read-patients.ts';
export { shiftDates } from './shift-dates.ts';
export type { IntakeError, IntakeItem, ReadOptions } from './types.ts';
export { type UploadMediaType, uploadedResources } from './upload.ts';
