/**
 * What the screener is given besides the patient: the protocol's criteria and terminology, and
 * the screening context (index date T0, site, planned multi-kinase inhibitor). No clock: T0 is a
 * parameter, so re-screening as of a past date reproduces the result of that day.
 */
import { z } from 'zod';
import type { Questionnaire, QuestionnaireAnswer, QuestionnaireItemShape } from '../contracts/index.ts';
import type { IsoDate } from './patient-facts.ts';
import type { Terminology } from './terminology.ts';
import { type Block, blockSchema } from './vocabulary/block.ts';

export const criterionSchema = z
  .object({
    /** Stable ID from the criteria catalog (I00–I26, E01–E29): part of the product's interface. */
    id: z.string().regex(/^[IE]\d\d$/),
    type: z.enum(['inclusion', 'exclusion']),
    /** Short requirement, as the catalog words it. */
    title: z.string(),
    /** The registry's wording (NCT05168163 record), verbatim. */
    text: z.string(),
    /** Where the rule comes from (registry, catalog, and any clinical source it relies on). */
    source: z.string(),
    /** For exclusions the rule is phrased so that met = the exclusion does not stand in the way. */
    rule: blockSchema,
    /** Present when a person's confirmation (questionnaire item = the ID) may settle what data cannot. */
    attestation: z.object({ prompt: z.string() }).strict().optional(),
  })
  .strict();

export interface Criterion {
  id: string;
  type: 'inclusion' | 'exclusion';
  title: string;
  text: string;
  source: string;
  rule: Block;
  attestation?: { prompt: string };
}

/** A code of the questionnaire's planned-intervention item (NCT05168163: cabozantinib or lenvatinib). */
export type PlannedMki = string;

/**
 * The screening questionnaire (protocols/<id>/questionnaire.yaml; its shape is the contracts'): the
 * named facts FHIR has no standard place for. What the screener reads from an item besides the
 * criteria rules that name it by linkId is its `role`: the Child-Pugh ascites or encephalopathy
 * component (I07; each code's `childPugh` grade of src/clinical/child-pugh.ts, `westHaven` grades for
 * E29), or the planned intervention (plan rules, E18). Criterion confirmations are not items.
 */
export type QuestionnaireItem = QuestionnaireItemShape;
export type QuestionnaireRole = NonNullable<QuestionnaireItem['role']>;
export type { Questionnaire, QuestionnaireAnswer };

export interface ReferenceRange {
  low?: number;
  high?: number;
  /** UCUM unit of low/high. */
  unit: string;
}

export interface ScreeningSite {
  id: string;
  name: string;
  /** The site's configured reference ranges by lab ID, used when a result carries none (× ULN). */
  referenceRanges: Readonly<Record<string, ReferenceRange>>;
}

/** The parts of a protocol the screener reads. */
export interface ScreeningProtocol {
  id: string;
  criteria: readonly Criterion[];
  sites: readonly ScreeningSite[];
  arms: readonly { id: string; name: string }[];
  terminology: Terminology;
  /** The screening questionnaire's named facts: their codes and what the screener reads from them. */
  questionnaire: Questionnaire;
}

export interface ScreeningContext {
  /** Index date T0: the planned randomization date. */
  asOf: IsoDate;
  siteId?: string;
  /** Overrides the answer to the questionnaire's planned-intervention item (the CLI's --mki). */
  plannedMki?: PlannedMki;
  /** Patients randomized so far per arm ID at the screening site (site rules, I13). */
  siteAccrual?: Readonly<Record<string, number>>;
}
