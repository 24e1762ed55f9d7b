/**
 * The eligibility screener: decides every criterion of a computable protocol for one patient as of
 * an index date, from PatientFacts, with a reason and the evidence for each.
 */
export type {
  Criterion,
  PlannedMki,
  Questionnaire,
  QuestionnaireAnswer,
  QuestionnaireItem,
  QuestionnaireRole,
  ReferenceRange,
  ScreeningContext,
  ScreeningProtocol,
  ScreeningSite,
} from './context.ts';
export { criterionSchema } from './context.ts';
export * from './patient-facts.ts';
export type { CriterionResult, CriterionType, Overall, ScreeningResult } from './screen.ts';
export { overallOf, screenPatient } from './screen.ts';
export type { Outcome, Status } from './status.ts';
export { compileTerminology, type Terminology } from './terminology.ts';
export {
  type DrugClass,
  type DrugClassMember,
  drugClassSchema,
  type LabDefinition,
  labDefinitionSchema,
  type ValueSet,
  valueSetSchema,
} from './terminology-schema.ts';
export { type Block, type BlockKind, blockSchema, walkBlocks } from './vocabulary/block.ts';
export { renderBlock } from './vocabulary/table.ts';
