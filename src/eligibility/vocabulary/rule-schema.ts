/**
 * Named clinical rules: blocks whose logic is specific to one clinical question and too tangled to
 * compose from the generic blocks without losing the reason a coordinator needs to read. Each is a
 * proposition like the generic blocks and cites its source where it is evaluated.
 */
import { z } from 'zod';
import { durationSchema } from './schema.ts';

/** I05: only one prior systemic line for advanced disease — the given combination — with progression on it. */
export const priorSystemicTherapySchema = z
  .object({
    kind: z.literal('prior-systemic-therapy'),
    /** Ingredients of the required first line, all of which must be recorded. */
    firstLine: z.array(z.string()).min(1),
    /** Drug classes whose other members make another systemic line. */
    systemicClasses: z.array(z.string()).min(1),
    /** Questionnaire item with the date of progression on the first line. */
    progressionItem: z.string(),
    /** The disease the lines treat: drugs that ended before its diagnosis are not lines for it. */
    diagnosisSet: z.string(),
  })
  .strict();

/** I10: at least one measurable lesion per RECIST 1.1 §3.1 not treated locally, or progressed since. */
export const measurableLesionSchema = z
  .object({
    kind: z.literal('measurable-lesion'),
    /** The screening assessment must lie within this window (imaging before randomization). */
    within: durationSchema,
  })
  .strict();

/** Proposition: the patient can become pregnant (questionnaire item; male sex means no). */
export const childbearingPotentialSchema = z
  .object({ kind: z.literal('childbearing-potential'), item: z.string() })
  .strict();

/** I23: negative urine hCG, or a negative serum hCG when urine is positive/indeterminate, within the window. */
export const pregnancyTestSchema = z
  .object({
    kind: z.literal('pregnancy-test'),
    urineLab: z.string(),
    serumLab: z.string(),
    within: durationSchema,
  })
  .strict();

/** I24: a toxicity of prior therapy recorded at grade ≥ minGrade and not resolved, except listed terms. */
export const unresolvedToxicitySchema = z
  .object({
    kind: z.literal('unresolved-toxicity'),
    minGrade: z.number().int().min(1).max(5),
    /** Lower-case phrases naming the excepted toxicities (alopecia, peripheral sensory neuropathy). */
    exceptTerms: z.array(z.string()),
    /**
     * Phrases that may name an excepted toxicity without saying so (the registry excepts peripheral
     * *sensory* neuropathy; "peripheral neuropathy" may be sensory or motor): at grade ≥ minGrade such a
     * record needs a person's review instead of counting (criteria catalog: undecidable → needs_review).
     */
    undecidedTerms: z
      .array(z.object({ terms: z.array(z.string()).min(1), mayBe: z.string() }).strict())
      .default([]),
  })
  .strict();

/** E14: varices that are untreated, incompletely treated, or bled recently. Met = such varices are present. */
export const variceRiskSchema = z
  .object({
    kind: z.literal('varices-at-risk'),
    varicesSet: z.string(),
    bleedingSet: z.string(),
    therapySet: z.string(),
    /** A bleed needing transfusion or admission within this window before T0 counts against treated varices. */
    bleedFreeFor: durationSchema,
  })
  .strict();

/** An indication an exception names: a value set, and how the reason names it ("asthma"). */
const indicationSchema = z.object({ valueSet: z.string(), label: z.string() }).strict();

/** E17: systemic immunosuppressant use within the window, with the protocol's exceptions. */
export const immunosuppressantUseSchema = z
  .object({
    kind: z.literal('immunosuppressant-use'),
    drugClass: z.string(),
    within: durationSchema,
    /** Courses at most this long count as acute/one-time pulse use (registry: "48 hours of corticosteroids"). */
    pulseMaxDays: z.number().int().positive(),
    /**
     * Indications for which corticosteroids are allowed at any dose (COPD, asthma), each a value set read
     * against the medication record's reason codes and texts (code first, else whole-term names).
     */
    allowedIndications: z.array(indicationSchema),
    /** Indications allowed only at low dose, with the low-dose ceiling in prednisone-equivalent mg/day. */
    lowDoseIndications: z.array(indicationSchema),
    lowDoseMaxPrednisoneMg: z.number().positive(),
  })
  .strict();

/** E20: sustained blood pressure above the limits despite antihypertensive treatment. */
export const uncontrolledHypertensionSchema = z
  .object({
    kind: z.literal('uncontrolled-hypertension'),
    systolicAbove: z.number(),
    diastolicAbove: z.number(),
    within: durationSchema,
    /** "Sustained": at least this many readings in the window, all above a limit. */
    minReadings: z.number().int().positive(),
    antihypertensiveClass: z.string(),
  })
  .strict();

/** E02: surgery within the windows for major and minor surgery, and complications of prior surgery. */
export const recentSurgerySchema = z
  .object({
    kind: z.literal('recent-surgery'),
    majorSet: z.string(),
    minorSet: z.string(),
    majorWithin: durationSchema,
    minorWithin: durationSchema,
    complicationSet: z.string(),
  })
  .strict();

/** E29: hepatic encephalopathy above the allowed grade within the window. */
export const uncontrolledEncephalopathySchema = z
  .object({
    kind: z.literal('uncontrolled-encephalopathy'),
    valueSet: z.string(),
    within: durationSchema,
    /** Grades up to this are allowed with supportive measures. */
    maxAllowedGrade: z.number().int().min(0).max(4),
    /** Questionnaire item with the current encephalopathy grade (the Child-Pugh item). */
    item: z.string(),
  })
  .strict();

/** E05: a medication or procedure the record flags as investigational (study drug, clinical trial) within the window. */
export const investigationalTherapySchema = z
  .object({ kind: z.literal('investigational-therapy'), within: durationSchema })
  .strict();

export const RULE_SCHEMAS = [
  investigationalTherapySchema,
  priorSystemicTherapySchema,
  measurableLesionSchema,
  childbearingPotentialSchema,
  pregnancyTestSchema,
  unresolvedToxicitySchema,
  variceRiskSchema,
  immunosuppressantUseSchema,
  uncontrolledHypertensionSchema,
  recentSurgerySchema,
  uncontrolledEncephalopathySchema,
] as const;

export type InvestigationalTherapyBlock = z.output<typeof investigationalTherapySchema>;
export type PriorSystemicTherapyBlock = z.output<typeof priorSystemicTherapySchema>;
export type MeasurableLesionBlock = z.output<typeof measurableLesionSchema>;
export type ChildbearingPotentialBlock = z.output<typeof childbearingPotentialSchema>;
export type PregnancyTestBlock = z.output<typeof pregnancyTestSchema>;
export type UnresolvedToxicityBlock = z.output<typeof unresolvedToxicitySchema>;
export type VariceRiskBlock = z.output<typeof variceRiskSchema>;
export type ImmunosuppressantUseBlock = z.output<typeof immunosuppressantUseSchema>;
export type UncontrolledHypertensionBlock = z.output<typeof uncontrolledHypertensionSchema>;
export type RecentSurgeryBlock = z.output<typeof recentSurgerySchema>;
export type UncontrolledEncephalopathyBlock = z.output<typeof uncontrolledEncephalopathySchema>;
