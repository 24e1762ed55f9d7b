/**
 * The protocol's public shape: what protocols/<id>/*.yaml hold and GET /api/protocol answers with —
 * registry facts, interventions and arms, schedule, endpoints and their parameters, sites, the
 * screening questionnaire, criteria and terminology. src/protocol validates the YAML with these shapes
 * (adding the checks that need the clinical engines); the web app reads them from here.
 */
import { z } from 'zod';
import { isoDate } from './common.ts';

/**
 * A dose level in mg, once daily or every other day: the starting dose first, then each reduction in
 * order. A drug with one level is held or discontinued, never reduced.
 */
export const doseLevel = z.strictObject({
  mg: z.number().positive(),
  everyOtherDay: z.boolean().default(false),
});
export type DoseLevel = z.infer<typeof doseLevel>;

export const dose = z.strictObject({
  value: z.number().positive().optional(),
  unit: z.string().optional(),
  configurable: z.boolean(),
  levels: z.array(doseLevel).min(1).optional(),
  byBodyWeight: z
    .array(
      z.strictObject({
        below: z.number().optional(),
        atLeast: z.number().optional(),
        unit: z.string(),
        value: z.number().positive(),
        doseUnit: z.string(),
        levels: z.array(doseLevel).min(1).optional(),
      }),
    )
    .optional(),
  source: z.string(),
  levelsSource: z.string().optional(),
});

export const intervention = z.strictObject({
  id: z.string(),
  name: z.string(),
  type: z.string(),
  route: z.enum(['IV', 'PO', 'SC', 'IM']),
  schedule: z.string(),
  dose,
});
export type Intervention = z.infer<typeof intervention>;

export const arm = z.strictObject({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  interventions: z.array(z.string()).min(1),
  description: z.string(),
});
export type Arm = z.infer<typeof arm>;

export const endpoint = z.strictObject({ id: z.string(), name: z.string(), type: z.string() });
export type Endpoint = z.infer<typeof endpoint>;

/** A number of days the endpoint derivations use, with where its value comes from. */
const daysParameter = z.strictObject({
  value: z.number().int().min(0).max(3650),
  unit: z.literal('days'),
  configurable: z.boolean(),
  source: z.string(),
});

/**
 * The parameters of the endpoint derivations (src/endpoints, docs/decisions/0007) that their callers
 * — `trialkit derive`, POST /api/analysis — read from here; the assessment interval is the schedule's.
 */
export const endpointParameters = z.strictObject({
  /** PFS censoring rule set: the FDA 2018 guidance's table, or admiralonco's ADTTE template. */
  pfsCensoring: z.strictObject({
    value: z.enum(['simple', 'fda-2018']),
    configurable: z.boolean(),
    source: z.string(),
  }),
  /** Minimum days between a CR/PR and the assessment confirming it. */
  confirmMinDays: daysParameter,
  /** Days after randomization from which stable disease counts. */
  sdMinDays: daysParameter,
});

/**
 * Days before and after a visit's planned date that still count as on time. Less than half the shortest
 * interval between visits of one kind would be needed for windows never to overlap; the loader checks it.
 */
export const visitWindow = z.strictObject({
  before: z.number().int().min(0).max(60),
  after: z.number().int().min(0).max(60),
});
export type VisitWindow = z.infer<typeof visitWindow>;

export const stratificationFactor = z.strictObject({
  id: z.string(),
  label: z.string(),
  levels: z.array(z.string()).min(2),
});
export type StratificationFactor = z.infer<typeof stratificationFactor>;

export const registryFacts = z.strictObject({
  id: z.string().regex(/^NCT\d{8}$/),
  registry: z.strictObject({ lastUpdated: isoDate, url: z.url() }),
  titles: z.strictObject({ brief: z.string(), official: z.string().optional() }),
  status: z.string(),
  phase: z.string(),
  studyType: z.string(),
  enrollment: z.strictObject({ target: z.number().int().positive() }),
  dates: z.strictObject({ start: isoDate, completion: isoDate }),
  design: z.strictObject({
    allocation: z.string(),
    interventionModel: z.string(),
    primaryPurpose: z.string(),
    masking: z.string(),
    ratio: z.string(),
  }),
  conditions: z.array(z.string()),
  eligibility: z.strictObject({ minimumAge: z.string(), sex: z.string(), healthyVolunteers: z.boolean() }),
  /** The record's "Detailed Description" outline: what happens to a participant, in plain words. */
  outline: z.string().optional(),
  objectives: z.strictObject({
    primary: z.array(z.string()),
    secondary: z.array(z.string()),
    exploratory: z.array(z.string()),
  }),
  sponsors: z.array(z.strictObject({ name: z.string(), class: z.string() })).min(1),
  principalInvestigators: z
    .array(z.strictObject({ name: z.string(), role: z.string(), affiliation: z.string() }))
    .min(1),
  identifiers: z.strictObject({
    orgStudyId: z.string(),
    secondary: z.array(z.strictObject({ id: z.string(), type: z.string() })),
  }),
  interventions: z.array(intervention).min(1),
  arms: z.array(arm).min(2),
  stratification: z.array(stratificationFactor).default([]),
  schedule: z.strictObject({
    cycleLengthDays: z.number().int().positive().max(365),
    treatment: z.string(),
    /** Cycle 1 is planned on the randomization date; later cycles a cycle length after the last start. */
    cycleWindows: z.strictObject({
      first: visitWindow,
      later: visitWindow,
      configurable: z.boolean(),
      source: z.string(),
    }),
    tumorAssessment: z.strictObject({
      /** Whole weeks: the endpoints' assessment interval is this in days. */
      everyWeeks: z.number().int().positive().max(104),
      criteria: z.string(),
      window: visitWindow,
      configurable: z.boolean(),
      source: z.string(),
    }),
    /** The forms each kind of visit requires (IDs: lower case, words joined by "-"). */
    visitForms: z.strictObject({
      treatment: z.array(z.string().regex(/^[a-z0-9-]+$/)),
      'tumor-assessment': z.array(z.string().regex(/^[a-z0-9-]+$/)),
      'follow-up': z.array(z.string().regex(/^[a-z0-9-]+$/)),
      configurable: z.boolean(),
      source: z.string(),
    }),
    followUp: z.strictObject({
      /** Whole weeks, from the end of treatment. */
      everyWeeks: z.number().int().positive().max(104),
      /** Whole years (× 365 days) after the end of treatment: follow-up visits, and assessments after it. */
      durationYears: z.number().int().positive().max(20),
      after: z.string(),
      window: visitWindow,
      configurable: z.boolean(),
      source: z.string(),
    }),
  }),
  endpoints: z.strictObject({
    primary: z.array(endpoint).min(1),
    secondary: z.array(endpoint),
    exploratory: z.array(endpoint),
  }),
  endpointParameters,
});
export type RegistryFacts = z.infer<typeof registryFacts>;

const referenceRange = z.strictObject({
  low: z.number().optional(),
  high: z.number().optional(),
  unit: z.string(),
});

export const protocolSite = z.strictObject({
  id: z.string(),
  name: z.string(),
  city: z.string(),
  state: z.string(),
  country: z.string(),
  status: z.string().default('RECRUITING'),
  referenceRanges: z.record(z.string(), referenceRange).default({}),
});
export type ProtocolSite = z.infer<typeof protocolSite>;

/** Named facts' linkIds and answer codes: lower case, words joined by "-" (FHIR codes are read lower-cased). */
const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Criterion IDs: I00–I26, E01–E29 in NCT05168163; a criterion's confirmation uses it as linkId. */
export const CRITERION_ID = /^[IE]\d\d$/;

export const questionnaireAnswer = z.strictObject({
  code: z.string().regex(KEBAB, 'expected a lower-case code: a–z, 0–9, words joined by "-"'),
  label: z.string().min(1),
  /** Child-Pugh role: the grade this answer is (src/clinical's grades). */
  childPugh: z.string().optional(),
  /** Encephalopathy: the West Haven grades the answer spans, [lowest, highest]. */
  westHaven: z
    .tuple([z.number().int().min(0).max(4), z.number().int().min(0).max(4)])
    .refine(([low, high]) => low <= high, 'expected [lowest, highest] West Haven grade')
    .optional(),
  /** Planned-intervention role: the intervention ID this code plans. */
  intervention: z.string().optional(),
});
export type QuestionnaireAnswer = z.infer<typeof questionnaireAnswer>;

export const QUESTIONNAIRE_ROLES = [
  'child-pugh-ascites',
  'child-pugh-encephalopathy',
  'planned-intervention',
] as const;
export const questionnaireItem = z.strictObject({
  linkId: z
    .string()
    .regex(KEBAB, 'expected a lower-case linkId: a–z, 0–9, words joined by "-"')
    .refine((id) => !CRITERION_ID.test(id.toUpperCase()), 'a criterion ID is a confirmation, not an item'),
  label: z.string().min(1),
  kind: z.enum(['boolean', 'date', 'code']),
  decides: z.array(z.string().regex(CRITERION_ID, 'expected a criterion ID')).min(1),
  offerToday: z.boolean().optional(),
  role: z.enum(QUESTIONNAIRE_ROLES).optional(),
  answers: z.array(questionnaireAnswer).min(2).optional(),
});
export type QuestionnaireItemShape = z.infer<typeof questionnaireItem>;

export const questionnaire = z.strictObject({ source: z.string(), items: z.array(questionnaireItem) });
export type Questionnaire = z.infer<typeof questionnaire>;

/** A criterion as GET /api/protocol gives it: the catalog's words, its rule, and the rule in words. */
export const criterionDocument = z.strictObject({
  id: z.string(),
  type: z.enum(['inclusion', 'exclusion']),
  title: z.string(),
  text: z.string(),
  source: z.string(),
  /** The rule in the criteria vocabulary (src/eligibility); read by the screener, not by pages. */
  rule: z.unknown(),
  attestation: z.strictObject({ prompt: z.string() }).optional(),
  /** How trialkit decides it, in words. */
  decidedBy: z.string(),
});
export type CriterionDocument = z.infer<typeof criterionDocument>;

/** A lab of the terminology (terminology/labs.yaml), with what the pages read; other fields pass through. */
export const labDocument = z.looseObject({
  id: z.string(),
  name: z.string(),
  loinc: z.array(z.string()),
  kind: z.string(),
  unit: z.string().optional(),
  unitLabel: z.string().optional(),
});
export type LabDocument = z.infer<typeof labDocument>;

/** GET /api/protocol: the computable protocol as the public trial page and the forms read it. */
export const protocolDocument = registryFacts.extend({
  sites: z.array(protocolSite),
  criteria: z.array(criterionDocument),
  questionnaire,
  /** The terminology: labs (with LOINC and UCUM units), value sets and drug classes. */
  terminology: z.looseObject({ labs: z.array(labDocument) }),
});
export type ProtocolDocument = z.infer<typeof protocolDocument>;
