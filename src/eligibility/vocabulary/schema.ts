/**
 * The criteria vocabulary: every building block a criterion can be made of, as types and as the
 * zod schema that validates a protocol file. Blocks are propositions about a patient at the index
 * date T0; evaluating one yields met / not_met / unknown / needs_review (see ../status.ts).
 * Each kind's evaluation and plain-text rendering live side by side in one table (./table.ts).
 */
import { z } from 'zod';

/** A look-back period counted back from T0, inclusive (criteria catalog, "Conventions"). */
export const durationSchema = z.union([
  z.object({ days: z.number().int().nonnegative() }).strict(),
  z.object({ weeks: z.number().int().nonnegative() }).strict(),
  z.object({ months: z.number().int().nonnegative() }).strict(),
  z.object({ years: z.number().int().nonnegative() }).strict(),
]);
export type Duration = z.infer<typeof durationSchema>;

export const comparatorSchema = z.enum(['<', '<=', '>=', '>']);
export type Comparator = z.infer<typeof comparatorSchema>;

const idList = z
  .union([z.string(), z.array(z.string()).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

/** Latest result of a lab within the window compared with a fixed threshold (catalog: "Latest value wins"). */
export const labThresholdSchema = z
  .object({
    kind: z.literal('lab-threshold'),
    lab: z.string(),
    comparator: comparatorSchema,
    value: z.number(),
    /** UCUM unit of `value`; results are converted to it. */
    unit: z.string(),
    within: durationSchema,
    /** The result must not have been supported by this drug class within the period before it (I14: G-CSF). */
    withoutSupport: z
      .object({ drugClass: z.string(), label: z.string(), within: durationSchema })
      .strict()
      .optional(),
    /** A missing result does not stand in the way (a test that is only required when done). */
    optional: z.boolean().default(false),
  })
  .strict();

/** Latest result of a lab within the window as a multiple of its upper limit of normal. */
export const ulnMultipleSchema = z
  .object({
    kind: z.literal('uln-multiple'),
    lab: z.string(),
    comparator: comparatorSchema,
    multiple: z.number().positive(),
    within: durationSchema,
  })
  .strict();

/** A qualitative reading of a lab: recorded at all, positive (reactive/detected), or negative. */
export const labResultSchema = z
  .object({
    kind: z.literal('lab-result'),
    lab: z.string(),
    expect: z.enum(['recorded', 'positive', 'negative']),
    /** Default: any time up to T0. */
    within: durationSchema.optional(),
    /** For "known X" criteria: no result means X is not known (not_met) rather than unknown. */
    ifMissing: z.enum(['unknown', 'not_met']).default('unknown'),
  })
  .strict();

/** A dated screening-questionnaire item that must fall within the window (I00 consent date). */
export const windowSchema = z
  .object({
    kind: z.literal('window'),
    item: z.string(),
    label: z.string(),
    within: durationSchema,
  })
  .strict();

export const derivedScoreSchema = z
  .object({
    kind: z.literal('derived-score'),
    score: z.enum(['age', 'child-pugh', 'creatinine-clearance', 'corrected-calcium']),
    comparator: comparatorSchema.optional(),
    value: z.number().optional(),
    /** Child-Pugh: the classes that satisfy the block. */
    classes: z.array(z.enum(['A', 'B', 'C'])).optional(),
    /** Corrected calcium: compare with the upper limit of normal of this lab instead of `value`. */
    uln: z.string().optional(),
    within: durationSchema.optional(),
  })
  .strict();

const conditionExceptionSchema = z
  .object({
    valueSet: z.string(),
    /** The exception holds only while the patient takes a drug of this class (E08: thyroid replacement, insulin). */
    whileTaking: z.string().optional(),
    /** The exception needs a person's confirmation of the stated conditions (E08 skin-only disease). */
    review: z.string().optional(),
    /** Words in the record that rule the exception out, even when its code matches (E23: "allogeneic"). */
    unlessWords: z.array(z.string()).default([]),
    label: z.string(),
  })
  .strict();
export type ConditionException = z.infer<typeof conditionExceptionSchema>;

/** A recorded condition from value sets ("known X" / "history of X"). Met = such a condition is recorded. */
export const conditionSchema = z
  .object({
    kind: z.literal('condition'),
    valueSet: idList,
    label: z.string(),
    /** active: active at T0; any: ever recorded up to T0. */
    status: z.enum(['active', 'any']).default('any'),
    /** Only conditions whose onset (else recorded date) lies within this window count. */
    onsetWithin: durationSchema.optional(),
    /** With onsetWithin: a condition still active at T0 counts whatever its onset (E27). */
    orActiveAtIndex: z.boolean().default(false),
    except: z.array(conditionExceptionSchema).default([]),
    /** A match needs a person's judgement rather than deciding (E20 heart failure: symptomatic?). */
    reviewOnMatch: z.string().optional(),
    /**
     * The result when nothing is recorded: not_met for "known X" findings (nothing known), unknown
     * where the condition is required evidence (I03: no HCC diagnosis recorded is missing data).
     */
    ifNone: z.enum(['not_met', 'unknown']).default('not_met'),
  })
  .strict();

/** Exposure to a drug class. Met = a qualifying exposure is recorded. */
export const medicationSchema = z
  .object({
    kind: z.literal('medication'),
    drugClass: idList,
    label: z.string(),
    /** Exposure overlapping [T0 − within, T0]; absent = ever before T0. */
    within: durationSchema.optional(),
    /** Widen `within` to this many elimination half-lives when longer (E15). */
    halfLives: z.number().int().positive().optional(),
    /** Only exposures still going on at T0 count. */
    activeAtIndex: z.boolean().default(false),
    /** Only exposures that started at least this long before T0 count (I09: ≥ 14 days of antiviral). */
    startedAtLeast: durationSchema.optional(),
    /** Ingredients of the class that do not count (E16: prior atezolizumab is permitted). */
    exceptIngredients: z.array(z.string()).default([]),
    /** Use in these settings does not count when it ended long enough before T0 (E01: adjuvant MKI ≥ 6 months). */
    exceptSettings: z
      .object({
        settings: z.array(z.enum(['adjuvant', 'neoadjuvant', 'loco-regional'])).min(1),
        endedAtLeast: durationSchema,
      })
      .strict()
      .optional(),
    /** Prophylactic use does not count (E21). */
    exceptProphylaxis: z.boolean().default(false),
    /** Anticoagulants: only therapeutic-dose use counts (I21). */
    therapeuticOnly: z.boolean().default(false),
    /** A match needs a person's judgement rather than deciding. */
    reviewOnMatch: z.string().optional(),
  })
  .strict();

/** A procedure from value sets within a window. Met = such a procedure is recorded. */
export const procedureSchema = z
  .object({
    kind: z.literal('procedure'),
    procedureSet: idList,
    label: z.string(),
    /** Absent: at any time before T0. */
    within: durationSchema.optional(),
    /**
     * Palliative use (for bone metastases or pain) counts only within this shorter window (E04: palliative
     * radiation ≤ 1 week); between the two windows a procedure whose record states no purpose needs review.
     */
    palliativeWithin: durationSchema.optional(),
    /** At least this many procedures in the window (E24: recurrent drainage). */
    minCount: z.number().int().positive().default(1),
    /** Procedures that make the rest not count (E24: an indwelling catheter is allowed). */
    unlessProcedureSet: z.string().optional(),
  })
  .strict();

/** A vaccine from a value set given within the window (E11 live vaccines). */
export const immunizationSchema = z
  .object({
    kind: z.literal('immunization'),
    vaccineSet: z.string(),
    label: z.string(),
    within: durationSchema,
  })
  .strict();

/** A recorded allergy or intolerance to substances of value sets, with a qualifying reaction. */
export const allergySchema = z
  .object({
    kind: z.literal('allergy'),
    substanceSet: idList,
    label: z.string(),
    /** Reaction manifestations that make it qualify (E12: anaphylaxis); absent = any allergy qualifies. */
    reactionSet: z.string().optional(),
  })
  .strict();

/** A person's confirmation in the screening questionnaire (catalog: "The screening questionnaire"). */
export const attestationSchema = z
  .object({
    kind: z.literal('attestation'),
    /** linkId; defaults to the criterion's ID. */
    item: z.string().optional(),
    prompt: z.string(),
    /** Coded items: the answers that satisfy the block. */
    accept: z.array(z.string()).optional(),
  })
  .strict();

export const LEAF_SCHEMAS = [
  labThresholdSchema,
  ulnMultipleSchema,
  labResultSchema,
  windowSchema,
  derivedScoreSchema,
  conditionSchema,
  medicationSchema,
  procedureSchema,
  immunizationSchema,
  allergySchema,
  attestationSchema,
] as const;

export type LabThresholdBlock = z.output<typeof labThresholdSchema>;
export type UlnMultipleBlock = z.output<typeof ulnMultipleSchema>;
export type LabResultBlock = z.output<typeof labResultSchema>;
export type WindowBlock = z.output<typeof windowSchema>;
export type DerivedScoreBlock = z.output<typeof derivedScoreSchema>;
export type ConditionBlock = z.output<typeof conditionSchema>;
export type MedicationBlock = z.output<typeof medicationSchema>;
export type ProcedureBlock = z.output<typeof procedureSchema>;
export type ImmunizationBlock = z.output<typeof immunizationSchema>;
export type AllergyBlock = z.output<typeof allergySchema>;
export type AttestationBlock = z.output<typeof attestationSchema>;
