/**
 * A compact way to write PatientFacts in test cases (YAML case files and unit tests). Each shorthand
 * record expands to the full fact with defaults (status final/active, UCUM units, generated refs),
 * so a case states only what it is about.
 */
import {
  type AdverseEventFact,
  type AllergyFact,
  type Code,
  type ConditionFact,
  emptyPatientFacts,
  type ImmunizationFact,
  type MedicationFact,
  type ObservationFact,
  type PatientFacts,
  type ProcedureFact,
  type ScreeningAnswer,
  SYSTEMS,
  type TumorLesionFact,
} from '../../src/eligibility/index.ts';

export interface ObservationShort {
  loinc?: string;
  code?: Code;
  text?: string;
  date?: string;
  instant?: string;
  value?: number;
  unit?: string | null;
  comparator?: '<' | '<=' | '>=' | '>';
  /** A coded or text result: "positive", "negative", a SNOMED code "10828004", "LA9623-5"… */
  result?: string;
  boolean?: boolean;
  integer?: number;
  /** Reference range upper limit, in `highUnit` (default: the value's unit). */
  high?: number;
  highUnit?: string;
  status?: string;
  interpretation?: string[];
  panel?: string;
  ref?: string;
}

export interface ConditionShort {
  icd10?: string;
  snomed?: string;
  text?: string;
  onset?: string;
  abatement?: string;
  recorded?: string;
  status?: ConditionFact['clinicalStatus'] | null;
  /** FHIR verificationStatus (confirmed when absent). */
  verification?: string;
  severity?: string;
  stage?: string;
  notes?: string[];
  ref?: string;
}

export interface MedicationShort {
  name: string;
  rxnorm?: string;
  type?: MedicationFact['resourceType'];
  status?: string;
  start?: string;
  end?: string;
  ongoing?: boolean;
  planned?: boolean;
  route?: string;
  dose?: number;
  doseUnit?: string;
  timesPerDay?: number;
  reason?: string;
  /** Coded reason (FHIR reasonCode.coding): ICD-10-CM or SNOMED CT. */
  reasonIcd10?: string;
  reasonSnomed?: string;
  notes?: string[];
  category?: string;
  ref?: string;
}

export interface ProcedureShort {
  cpt?: string;
  snomed?: string;
  text?: string;
  /** Performed date, or the end of a performed period. */
  date?: string;
  /** Start of a performed period (an open period in progress has date = start). */
  start?: string;
  status?: string;
  surgical?: boolean;
  reason?: string;
  notes?: string[];
  ref?: string;
}

export interface FactsShort {
  id?: string;
  birthDate?: string;
  sex?: PatientFacts['sex'];
  observations?: ObservationShort[];
  conditions?: ConditionShort[];
  medications?: MedicationShort[];
  procedures?: ProcedureShort[];
  immunizations?: Array<{ cvx?: string; text?: string; date?: string; ref?: string }>;
  allergies?: Array<{
    substance: string;
    rxnorm?: string;
    reaction?: string;
    reactionSnomed?: string;
    severity?: string;
    ref?: string;
  }>;
  adverseEvents?: Array<{ term: string; grade?: number; date?: string; resolved?: boolean; ref?: string }>;
  lesions?: Array<{
    date: string;
    longest?: number;
    shortAxis?: number;
    unit?: string;
    nodal?: boolean;
    treated?: boolean;
    progressed?: boolean;
    site?: string;
    ref?: string;
  }>;
  /** linkId → answer; dates as YYYY-MM-DD strings, booleans, or codes. */
  answers?: Record<
    string,
    string | boolean | { value: string | boolean; authored?: string; author?: string }
  >;
  /** Authored date of the answers (default: the case's as-of date). */
  answeredOn?: string;
}

let counter = 0;
const nextRef = (type: string) => `${type}/${type.toLowerCase().slice(0, 3)}-${++counter}`;

function observation(o: ObservationShort): ObservationFact {
  const codes: Code[] = o.code ? [o.code] : o.loinc ? [{ system: SYSTEMS.loinc, code: o.loinc }] : [];
  const unit = o.unit === null ? undefined : o.unit;
  let value: ObservationFact['value'];
  if (o.value !== undefined) {
    value = {
      kind: 'quantity',
      value: o.value,
      ...(unit !== undefined ? { unit } : {}),
      ucum: true,
      ...(o.comparator ? { comparator: o.comparator } : {}),
    };
  } else if (o.result !== undefined) {
    value = /^(\d+|LA\d+-\d)$/.test(o.result)
      ? {
          kind: 'coded',
          codes: [{ system: o.result.startsWith('LA') ? SYSTEMS.loinc : SYSTEMS.snomed, code: o.result }],
        }
      : { kind: 'text', text: o.result };
  } else if (o.boolean !== undefined) value = { kind: 'boolean', value: o.boolean };
  else if (o.integer !== undefined) value = { kind: 'integer', value: o.integer };
  return {
    ref: o.ref ?? nextRef('Observation'),
    codes,
    ...(o.text ? { text: o.text } : {}),
    ...(o.date ? { date: o.date } : {}),
    ...(o.instant ? { instant: o.instant } : {}),
    status: o.status ?? 'final',
    ...(value ? { value } : {}),
    interpretation: o.interpretation ?? [],
    ...(o.high !== undefined
      ? { referenceRange: { high: { value: o.high, unit: o.highUnit ?? unit, ucum: true } } }
      : {}),
    ...(o.panel ? { panelCodes: [{ system: SYSTEMS.loinc, code: o.panel }] } : {}),
  };
}

function codesOf(x: { icd10?: string; snomed?: string; cpt?: string; text?: string }): Code[] {
  return [
    ...(x.icd10 ? [{ system: SYSTEMS.icd10cm, code: x.icd10, ...(x.text ? { display: x.text } : {}) }] : []),
    ...(x.snomed ? [{ system: SYSTEMS.snomed, code: x.snomed, ...(x.text ? { display: x.text } : {}) }] : []),
    ...(x.cpt ? [{ system: SYSTEMS.cpt, code: x.cpt }] : []),
  ];
}

function condition(c: ConditionShort): ConditionFact {
  return {
    ref: c.ref ?? nextRef('Condition'),
    codes: codesOf(c),
    ...(c.text ? { text: c.text } : {}),
    ...(c.status === null ? {} : { clinicalStatus: c.status ?? (c.abatement ? 'resolved' : 'active') }),
    ...(c.onset ? { onset: c.onset } : {}),
    ...(c.abatement ? { abatement: c.abatement } : {}),
    ...(c.recorded ? { recorded: c.recorded } : {}),
    ...(c.verification ? { verificationStatus: c.verification } : {}),
    categories: [],
    severity: c.severity ? [{ system: SYSTEMS.snomed, code: c.severity, display: c.severity }] : [],
    stages: c.stage ? [c.stage] : [],
    bodySites: [],
    notes: c.notes ?? [],
  };
}

function medication(m: MedicationShort): MedicationFact {
  const status = m.status ?? (m.end ? 'completed' : 'active');
  return {
    ref: m.ref ?? nextRef(m.type ?? 'MedicationStatement'),
    resourceType: m.type ?? 'MedicationStatement',
    codes: m.rxnorm ? [{ system: SYSTEMS.rxnorm, code: m.rxnorm }] : [],
    names: [m.name.toLowerCase()],
    status,
    ...(m.start ? { start: m.start } : {}),
    ...(m.end ? { end: m.end } : {}),
    ongoing: m.ongoing ?? (status === 'active' && !m.end),
    planned: m.planned ?? false,
    routes: [],
    routeText: m.route ? [m.route.toLowerCase()] : [],
    ...(m.dose !== undefined ? { dose: { value: m.dose, unit: m.doseUnit ?? 'mg', ucum: true } } : {}),
    ...(m.timesPerDay !== undefined ? { timesPerDay: m.timesPerDay } : {}),
    dosageText: [],
    reasons: codesOf({ icd10: m.reasonIcd10, snomed: m.reasonSnomed }),
    reasonText: m.reason ? [m.reason.toLowerCase()] : [],
    categories: m.category ? [{ system: 'urn:test', code: m.category, display: m.category }] : [],
    notes: (m.notes ?? []).map((n) => n.toLowerCase()),
  };
}

function procedure(p: ProcedureShort): ProcedureFact {
  return {
    ref: p.ref ?? nextRef('Procedure'),
    codes: codesOf(p),
    ...(p.text ? { text: p.text } : {}),
    status: p.status ?? 'completed',
    ...(p.date ? { date: p.date } : {}),
    ...(p.start ? { start: p.start } : {}),
    categories: p.surgical
      ? [{ system: SYSTEMS.snomed, code: '387713003', display: 'Surgical procedure' }]
      : [],
    reasons: [],
    reasonText: p.reason ? [p.reason.toLowerCase()] : [],
    bodySites: [],
    notes: p.notes ?? [],
  };
}

function answers(short: FactsShort, asOf: string): ScreeningAnswer[] {
  return Object.entries(short.answers ?? {}).map(([linkId, raw]) => {
    const { value, authored, author } =
      typeof raw === 'object' ? raw : { value: raw, authored: undefined, author: undefined };
    const typed: ScreeningAnswer['value'] =
      typeof value === 'boolean'
        ? { kind: 'boolean', value }
        : /^\d{4}-\d{2}-\d{2}$/.test(value)
          ? { kind: 'date', value }
          : { kind: 'code', value };
    return {
      ref: 'QuestionnaireResponse/screening',
      linkId,
      value: typed,
      authored: authored ?? short.answeredOn ?? asOf,
      ...(author ? { author } : {}),
    };
  });
}

/** Expands the shorthand into PatientFacts. `asOf` dates the questionnaire answers by default. */
export function makeFacts(short: FactsShort, asOf: string): PatientFacts {
  const facts = emptyPatientFacts(short.id ?? 'test-patient');
  if (short.birthDate) facts.birthDate = short.birthDate;
  if (short.sex) facts.sex = short.sex;
  facts.observations = (short.observations ?? []).map(observation);
  facts.conditions = (short.conditions ?? []).map(condition);
  facts.medications = (short.medications ?? []).map(medication);
  facts.procedures = (short.procedures ?? []).map(procedure);
  facts.immunizations = (short.immunizations ?? []).map(
    (i): ImmunizationFact => ({
      ref: i.ref ?? nextRef('Immunization'),
      codes: i.cvx ? [{ system: SYSTEMS.cvx, code: i.cvx }] : [],
      ...(i.text ? { text: i.text } : {}),
      ...(i.date ? { date: i.date } : {}),
      status: 'completed',
    }),
  );
  facts.allergies = (short.allergies ?? []).map(
    (a): AllergyFact => ({
      ref: a.ref ?? nextRef('AllergyIntolerance'),
      codes: a.rxnorm ? [{ system: SYSTEMS.rxnorm, code: a.rxnorm }] : [],
      names: [a.substance.toLowerCase()],
      categories: ['medication'],
      reactions:
        a.reaction || a.reactionSnomed
          ? [
              {
                manifestations: a.reactionSnomed ? [{ system: SYSTEMS.snomed, code: a.reactionSnomed }] : [],
                manifestationText: a.reaction ? [a.reaction] : [],
                ...(a.severity ? { severity: a.severity } : {}),
                substance: [],
              },
            ]
          : [],
    }),
  );
  facts.adverseEvents = (short.adverseEvents ?? []).map(
    (e): AdverseEventFact => ({
      ref: e.ref ?? nextRef('AdverseEvent'),
      codes: [],
      text: e.term,
      ...(e.date ? { date: e.date } : {}),
      ...(e.grade !== undefined ? { grade: e.grade } : {}),
      resolved: e.resolved ?? false,
      suspects: [],
    }),
  );
  facts.tumorLesions = (short.lesions ?? []).map(
    (l): TumorLesionFact => ({
      ref: l.ref ?? nextRef('Observation'),
      date: l.date,
      ...(l.site ? { site: l.site } : {}),
      ...(l.nodal !== undefined ? { nodal: l.nodal } : {}),
      ...(l.longest !== undefined
        ? { longestDiameter: { value: l.longest, unit: l.unit ?? 'mm', ucum: true } }
        : {}),
      ...(l.shortAxis !== undefined
        ? { shortAxis: { value: l.shortAxis, unit: l.unit ?? 'mm', ucum: true } }
        : {}),
      ...(l.treated !== undefined ? { locallyTreated: l.treated } : {}),
      ...(l.progressed !== undefined ? { progressedSinceTreatment: l.progressed } : {}),
    }),
  );
  facts.answers = answers(short, asOf);
  return facts;
}
