/**
 * PatientFacts: everything the screener may read about one patient, already translated out of
 * FHIR (src/fhir/ builds it). Engines never see a FHIR resource; they see these plain records.
 *
 * Conventions
 * - Dates are ISO calendar dates (`YYYY-MM-DD`): the date part of the FHIR dateTime as recorded,
 *   i.e. the local date where the value was recorded (docs/decisions/0002-dates-and-windows.md).
 * - `ref` names the source resource as `ResourceType/id`; it is what a result's `evidence` lists.
 * - Quantities keep the unit they arrived in; criteria convert them through UCUM when they read them.
 */

export type IsoDate = string;

/** Well-known code systems, as FHIR R4 names them. */
export const SYSTEMS = {
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  cvx: 'http://hl7.org/fhir/sid/cvx',
  cpt: 'http://www.ama-assn.org/go/cpt',
  ucum: 'http://unitsofmeasure.org',
  /** Codes trialkit defines where no standard code exists (see docs/fhir-intake.md). */
  trialkit: 'https://trialkit.dev/fhir/CodeSystem/screening',
} as const;

export interface Code {
  system: string;
  code: string;
  display?: string;
}

export interface Quantity {
  value: number;
  /** UCUM code when the source gave one (Quantity.code with the UCUM system), else the unit text. */
  unit?: string;
  /** True when `unit` came from Quantity.code with system http://unitsofmeasure.org. */
  ucum: boolean;
  /** FHIR Quantity.comparator: the true value lies beyond `value` in this direction. */
  comparator?: '<' | '<=' | '>=' | '>';
}

export type ObservationValue =
  | ({ kind: 'quantity' } & Quantity)
  | { kind: 'coded'; codes: Code[]; text?: string }
  | { kind: 'text'; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'integer'; value: number };

/** What every fact keeps about where it came from. */
export interface FactSource {
  /** `ResourceType/id` of the FHIR resource. */
  ref: string;
  /** Where it was read: `file:line` for NDJSON, `file#entry` for bundles. */
  source?: string;
}

export interface ObservationFact extends FactSource {
  codes: Code[];
  text?: string;
  /** Effective date (effective[x]; `issued` when effective is absent). Undated values are never used in windows. */
  date?: IsoDate;
  /** The effective dateTime as recorded (with time and offset), to order results of the same day. */
  instant?: string;
  /** FHIR Observation.status: final, amended, corrected, preliminary, registered… */
  status: string;
  value?: ObservationValue;
  /** Observation.dataAbsentReason, when there is no value. */
  dataAbsentReason?: string;
  /** Observation.interpretation codes (v3 ObservationInterpretation: POS, NEG, DET, ND, IND, H, L, A…). */
  interpretation: string[];
  /** Observation.referenceRange[0] (the range that applies to the patient). */
  referenceRange?: { low?: Quantity; high?: Quantity; text?: string };
  /** Codes of the panel this value came from, when it was an Observation.component (e.g. blood pressure). */
  panelCodes?: Code[];
}

export type ConditionClinicalStatus =
  | 'active'
  | 'recurrence'
  | 'relapse'
  | 'inactive'
  | 'remission'
  | 'resolved';

export interface ConditionFact extends FactSource {
  codes: Code[];
  text?: string;
  clinicalStatus?: ConditionClinicalStatus;
  /** unconfirmed, provisional, differential, confirmed (refuted and entered-in-error are dropped at intake). */
  verificationStatus?: string;
  onset?: IsoDate;
  abatement?: IsoDate;
  recorded?: IsoDate;
  categories: Code[];
  severity: Code[];
  /** Condition.stage summaries (e.g. BCLC stage), as text. */
  stages: string[];
  bodySites: Code[];
  notes: string[];
}

export type MedicationResourceType = 'MedicationStatement' | 'MedicationRequest' | 'MedicationAdministration';

export interface MedicationFact extends FactSource {
  resourceType: MedicationResourceType;
  /** Medication codes (RxNorm and others), from medicationCodeableConcept or a resolved Medication. */
  codes: Code[];
  /** Every name the record gives: code displays, CodeableConcept.text, Medication.code text; lower-cased. */
  names: string[];
  /** FHIR status of the record (active, completed, stopped, on-hold, intended, not-taken, in-progress…). */
  status: string;
  /** MedicationRequest.intent (order, plan, proposal…); absent for the other two types. */
  intent?: string;
  /** First date of exposure (effective period start / effective date / authoredOn). */
  start?: IsoDate;
  /** Last date of exposure, when known. */
  end?: IsoDate;
  /** The record says the drug is still being taken (status active/on-hold/in-progress, open period). */
  ongoing: boolean;
  /** The record describes future use (statement status intended, request intent plan/proposal). */
  planned: boolean;
  /** Routes of administration (dosage.route), as codes; `routeText` holds free-text routes and dose forms. */
  routes: Code[];
  routeText: string[];
  /** Dose per administration when a single clear quantity is given. */
  dose?: Quantity;
  /** Administrations per day, from timing.repeat (frequency / period), when given. */
  timesPerDay?: number;
  /** Free-text dosage instructions. */
  dosageText: string[];
  /** reasonCode / reasonReference displays, as codes and lower-cased text. */
  reasons: Code[];
  reasonText: string[];
  categories: Code[];
  /** Notes and other free text (lower-cased); used to read therapy setting (adjuvant, loco-regional…). */
  notes: string[];
}

export interface ProcedureFact extends FactSource {
  codes: Code[];
  text?: string;
  /** completed, in-progress… (not-done and entered-in-error are dropped at intake). */
  status: string;
  /** Performed date; for a period, its end (the most recent day of the procedure). */
  date?: IsoDate;
  /** Period start, when the procedure was recorded as a period. */
  start?: IsoDate;
  categories: Code[];
  reasons: Code[];
  reasonText: string[];
  bodySites: Code[];
  notes: string[];
}

export interface ImmunizationFact extends FactSource {
  codes: Code[];
  text?: string;
  date?: IsoDate;
  status: string;
}

export interface AllergyReaction {
  manifestations: Code[];
  manifestationText: string[];
  /** mild | moderate | severe */
  severity?: string;
  substance: Code[];
}

export interface AllergyFact extends FactSource {
  codes: Code[];
  /** Substance names, lower-cased (code displays and text). */
  names: string[];
  clinicalStatus?: string;
  verificationStatus?: string;
  /** low | high | unable-to-assess */
  criticality?: string;
  categories: string[];
  reactions: AllergyReaction[];
  recorded?: IsoDate;
}

export interface AdverseEventFact extends FactSource {
  codes: Code[];
  text?: string;
  date?: IsoDate;
  /** CTCAE grade 0–5 as recorded (0 = resolved). */
  grade?: number;
  /** The record says the event resolved (outcome resolved / resolved with sequelae). */
  resolved: boolean;
  /** Names of suspected causes (suspectEntity), lower-cased. */
  suspects: string[];
}

/** One measured lesion from a tumor assessment (see docs/fhir-intake.md for the FHIR shape). */
export interface TumorLesionFact extends FactSource {
  date?: IsoDate;
  /** Lesion identifier across assessments (Observation.focus or identifier), when given. */
  lesionId?: string;
  site?: string;
  /** Lymph node lesion: measured by short axis (RECIST 1.1 §3.1). Undefined when not stated. */
  nodal?: boolean;
  longestDiameter?: Quantity;
  shortAxis?: Quantity;
  /** Lesion lies in a field of prior local therapy (ablation, TACE, radiation…). */
  locallyTreated?: boolean;
  /** Lesion has progressed (RECIST 1.1) since that local therapy. */
  progressedSinceTreatment?: boolean;
}

/** One answered item of the screening QuestionnaireResponse (criteria catalog, "The screening questionnaire"). */
export interface ScreeningAnswer extends FactSource {
  /** The item's linkId: a criterion ID (I00…E29) or a named fact (consent-date, ascites…). */
  linkId: string;
  value:
    | { kind: 'boolean'; value: boolean }
    | { kind: 'date'; value: IsoDate }
    | { kind: 'code'; value: string };
  /** QuestionnaireResponse.authored (date). The newest answer per linkId wins. */
  authored?: IsoDate;
  /** Who answered (author display or reference), for the reason text. */
  author?: string;
}

export type AdministrativeSex = 'male' | 'female' | 'other' | 'unknown';

export interface PatientFacts {
  patientId: string;
  birthDate?: IsoDate;
  sex?: AdministrativeSex;
  deceasedDate?: IsoDate;
  observations: ObservationFact[];
  conditions: ConditionFact[];
  medications: MedicationFact[];
  procedures: ProcedureFact[];
  immunizations: ImmunizationFact[];
  allergies: AllergyFact[];
  adverseEvents: AdverseEventFact[];
  tumorLesions: TumorLesionFact[];
  answers: ScreeningAnswer[];
  /** Data-quality notes from intake about this patient (duplicates dropped, values rejected…). */
  warnings: string[];
}

/** A PatientFacts with every list empty: the starting point for intake and for tests. */
export function emptyPatientFacts(patientId: string): PatientFacts {
  return {
    patientId,
    observations: [],
    conditions: [],
    medications: [],
    procedures: [],
    immunizations: [],
    allergies: [],
    adverseEvents: [],
    tumorLesions: [],
    answers: [],
    warnings: [],
  };
}
