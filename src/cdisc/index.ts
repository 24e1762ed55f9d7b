/**
 * Reading SDTM TU / TR / RS and an ADSL-like subject file from CSV, grouping per subject for RECIST,
 * deriving the ADaM-style datasets (adam/) and writing them as CSV, and the response figures' inputs
 * from those datasets. See README.md in this folder for the conventions and decisions.
 */
export { ADAM_COLUMNS, type AdamFile, adamCsv } from './adam/columns.ts';
export {
  type AdrsRow,
  type AdtrRow,
  type AdtteRow,
  type DeriveOptions,
  deriveStudy,
  type ResponseSource,
  type StudyDerivation,
  type TimepointRow,
} from './adam/derive.ts';
export { type DeriveSettings, deriveSources } from './adam/derive-sources.ts';
export { spiderInput, swimmerInput, waterfallInput } from './adam/figure-inputs.ts';
export { type AdslRecord, readAdsl } from './adsl.ts';
export {
  type GroupedStudy,
  groupBySubject,
  type LesionMeasurement,
  type NewLesionFinding,
  type RecordedResponse,
  type StudyRecords,
  type SubjectData,
  type SubjectLesion,
  type TumorAssessment,
} from './group-subjects.ts';
export {
  type AnalysisDate,
  type DateImputation,
  type DateReading,
  DEFAULT_IMPUTATION,
  type HighestImputation,
  type ImputationFlag,
  type ImputationRule,
  readDtc,
} from './partial-date.ts';
export { formatProblem, type Problem, type ProblemCode, type SourceRef } from './problems.ts';
export { type DomainRead, INVESTIGATOR, type ReadOptions } from './read-context.ts';
export { readStudy, type SourceText, type StudyFiles, type StudyRead } from './read-study.ts';
export { OVERALL_RESPONSE, type RsRecord, readRs } from './rs.ts';
export { readTr, type TrRecord, type TrTest } from './tr.ts';
export { isNodalLocation, type LesionKind, readTu, type TuRecord } from './tu.ts';
export { type CsvValue, quoteCsvField, type WriteCsvOptions, writeCsv } from './write-csv.ts';
