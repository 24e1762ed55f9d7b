/**
 * The computable protocol: registry facts, interventions, arms, schedule, endpoints and their
 * parameters, and sites (protocols/<id>/protocol.yaml and sites.yaml). Criteria use the vocabulary of
 * src/eligibility/; the questionnaire's schema is in questionnaire.ts.
 */
import { z } from 'zod';
import type {
  Criterion,
  DrugClass,
  LabDefinition,
  ScreeningProtocol,
  ScreeningSite,
  ValueSet,
} from '../eligibility/index.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
/** YAML reads unquoted dates as Date objects; accept both and keep the ISO text. */
const dateField = z.preprocess((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v), isoDate);

const doseSchema = z
  .object({
    value: z.number().positive().optional(),
    unit: z.string().optional(),
    configurable: z.boolean(),
    byBodyWeight: z
      .array(
        z
          .object({
            below: z.number().optional(),
            atLeast: z.number().optional(),
            unit: z.string(),
            value: z.number().positive(),
            doseUnit: z.string(),
          })
          .strict(),
      )
      .optional(),
    source: z.string(),
  })
  .strict();

export const interventionSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    type: z.string(),
    route: z.enum(['IV', 'PO', 'SC', 'IM']),
    schedule: z.string(),
    dose: doseSchema,
  })
  .strict();

export const armSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    type: z.string(),
    interventions: z.array(z.string()).min(1),
    description: z.string(),
  })
  .strict();

const endpointSchema = z.object({ id: z.string(), name: z.string(), type: z.string() }).strict();

/** A number of days the endpoint derivations use, with where its value comes from. */
const daysParameterSchema = z
  .object({
    value: z.number().int().min(0).max(3650),
    unit: z.literal('days'),
    configurable: z.boolean(),
    source: z.string(),
  })
  .strict();

/**
 * The parameters of the endpoint derivations (src/endpoints, docs/decisions/0007) that the callers —
 * `trialkit derive`, POST /api/analysis — read from here; the assessment interval is the schedule's.
 */
export const endpointParametersSchema = z
  .object({
    /** PFS censoring rule set: the FDA 2018 guidance's table, or admiralonco's ADTTE template. */
    pfsCensoring: z
      .object({ value: z.enum(['simple', 'fda-2018']), configurable: z.boolean(), source: z.string() })
      .strict(),
    /** Minimum days between a CR/PR and the assessment confirming it. */
    confirmMinDays: daysParameterSchema,
    /** Days after randomization from which stable disease counts. */
    sdMinDays: daysParameterSchema,
  })
  .strict();

export const registryFactsSchema = z
  .object({
    id: z.string().regex(/^NCT\d{8}$/),
    registry: z.object({ lastUpdated: dateField, url: z.url() }).strict(),
    titles: z.object({ brief: z.string(), official: z.string().optional() }).strict(),
    status: z.string(),
    phase: z.string(),
    studyType: z.string(),
    enrollment: z.object({ target: z.number().int().positive() }).strict(),
    dates: z.object({ start: dateField, completion: dateField }).strict(),
    design: z
      .object({
        allocation: z.string(),
        interventionModel: z.string(),
        primaryPurpose: z.string(),
        masking: z.string(),
        ratio: z.string(),
      })
      .strict(),
    conditions: z.array(z.string()),
    eligibility: z
      .object({ minimumAge: z.string(), sex: z.string(), healthyVolunteers: z.boolean() })
      .strict(),
    /** The record's "Detailed Description" outline: what happens to a participant, in plain words. */
    outline: z.string().optional(),
    objectives: z
      .object({
        primary: z.array(z.string()),
        secondary: z.array(z.string()),
        exploratory: z.array(z.string()),
      })
      .strict(),
    sponsors: z.array(z.object({ name: z.string(), class: z.string() }).strict()).min(1),
    principalInvestigators: z
      .array(z.object({ name: z.string(), role: z.string(), affiliation: z.string() }).strict())
      .min(1),
    identifiers: z
      .object({
        orgStudyId: z.string(),
        secondary: z.array(z.object({ id: z.string(), type: z.string() }).strict()),
      })
      .strict(),
    interventions: z.array(interventionSchema).min(1),
    arms: z.array(armSchema).min(2),
    stratification: z
      .array(z.object({ id: z.string(), label: z.string(), levels: z.array(z.string()).min(2) }).strict())
      .default([]),
    schedule: z
      .object({
        cycleLengthDays: z.number().int().positive(),
        treatment: z.string(),
        tumorAssessment: z
          .object({
            /** Whole weeks: the endpoints' assessment interval is this in days. */
            everyWeeks: z.number().int().positive(),
            criteria: z.string(),
            configurable: z.boolean(),
            source: z.string(),
          })
          .strict(),
        followUp: z
          .object({
            everyWeeks: z.number().positive(),
            durationYears: z.number().positive(),
            after: z.string(),
          })
          .strict(),
      })
      .strict(),
    endpoints: z
      .object({
        primary: z.array(endpointSchema).min(1),
        secondary: z.array(endpointSchema),
        exploratory: z.array(endpointSchema),
      })
      .strict(),
    endpointParameters: endpointParametersSchema,
  })
  .strict();
export type RegistryFacts = z.infer<typeof registryFactsSchema>;

const referenceRangeSchema = z
  .object({ low: z.number().optional(), high: z.number().optional(), unit: z.string() })
  .strict();

export const siteSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    city: z.string(),
    state: z.string(),
    country: z.string(),
    status: z.string().default('RECRUITING'),
    referenceRanges: z.record(z.string(), referenceRangeSchema).default({}),
  })
  .strict();
export type Site = z.infer<typeof siteSchema> & ScreeningSite;

export const sitesFileSchema = z.object({ sites: z.array(siteSchema).min(1) }).strict();

/** A loaded protocol: registry facts, sites, criteria and the questionnaire, ready for the screener. */
export interface Protocol extends ScreeningProtocol {
  registry: RegistryFacts;
  sites: Site[];
  criteria: Criterion[];
  /** The terminology as loaded (for serialization); `terminology` is its compiled form. */
  terminologySource: { labs: LabDefinition[]; valueSets: ValueSet[]; drugClasses: DrugClass[] };
}

/**
 * Site ID rule (criteria catalog, "Sites"): the facility name lower-cased, with every run of
 * characters other than a–z and 0–9 replaced by one "-".
 */
export function siteIdOf(facilityName: string): string {
  return facilityName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
