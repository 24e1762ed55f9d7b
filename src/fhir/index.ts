/**
 * src/fhir: FHIR R4 → PatientFacts. The only code in trialkit that knows what a FHIR resource looks
 * like. Reads Bundles (any type) and Bulk-FHIR NDJSON; see docs/fhir-intake.md for the mapping rules,
 * the tumor-lesion and questionnaire shapes, and the streaming/buffered reading paths.
 */
export { factsFromBundle, factsFromResources } from './intake.ts';
export { readPatients } from './read-patients.ts';
export type { IntakeError, IntakeItem, ReadOptions } from './types.ts';
