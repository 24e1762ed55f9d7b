/** What every resource mapper receives and returns. */
import type { Code, PatientFacts, QuestionnaireItem } from '../eligibility/index.ts';
import type { Warn } from './values.ts';

export interface MapContext {
  /** `ResourceType/id` of the resource being mapped (FactSource.ref). */
  ref: string;
  /** Where it was read (FactSource.source). */
  source: string;
  /** A data-quality note for the patient; the caller prefixes it with `ref`. */
  warn: Warn;
  /** A problem the user must hear about as an IntakeError (e.g. a wrong-typed questionnaire answer). */
  error: (message: string) => void;
  /**
   * The protocol's questionnaire items (questionnaire.yaml): which named facts a QuestionnaireResponse
   * answers, of what kind, with which codes. Absent: every item is read as its answer's type says.
   */
  questionnaire?: readonly QuestionnaireItem[] | undefined;
}

export type FactListKey =
  | 'observations'
  | 'conditions'
  | 'medications'
  | 'procedures'
  | 'immunizations'
  | 'allergies'
  | 'adverseEvents'
  | 'tumorLesions'
  | 'answers';

export type Demographics = Pick<PatientFacts, 'birthDate' | 'sex' | 'deceasedDate'>;

/** The facts one resource contributes to its patient. */
export type Produced = { [K in FactListKey]?: PatientFacts[K] } & { demographics?: Demographics };

/** What intake keeps of a Medication resource (they have no patient; a global map holds them). */
export interface MedicationInfo {
  /** Medication.code codings, then ingredient item codings. */
  codes: Code[];
  /** Every display and text of code and ingredients, lower-cased. */
  names: string[];
  /** Medication.form text/displays (dose form), lower-cased. */
  forms: string[];
}
