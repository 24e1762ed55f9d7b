/**
 * What the screener is given besides the patient: the protocol's criteria and terminology, and
 * the screening context (index date T0, site, planned multi-kinase inhibitor). No clock: T0 is a
 * parameter, so re-screening as of a past date reproduces the result of that day.
 */
import { z } from 'zod';
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
 * What the screener reads from an item besides the criteria rules that name it by linkId: the
 * Child-Pugh ascites or encephalopathy component (I07), or the planned intervention (plan rules, E18).
 */
export type QuestionnaireRole = 'child-pugh-ascites' | 'child-pugh-encephalopathy' | 'planned-intervention';

/** One answer code of a coded item and what it means where the item's role is read. */
export interface QuestionnaireAnswer {
  code: string;
  label: string;
  /** Child-Pugh items: the calculator's grade for this code (src/clinical/child-pugh.ts). */
  childPugh?: string;
  /** Encephalopathy items: the lowest and highest West Haven grade this code covers. */
  westHaven?: readonly [number, number];
  /** The planned-intervention item: the intervention (protocol.yaml) this code plans. */
  intervention?: string;
}

/**
 * A named fact of the screening questionnaire (protocols/<id>/questionnaire.yaml): a fact FHIR has no
 * standard place for. Criterion confirmations (linkId = criterion ID, yes/no) are not items.
 */
export interface QuestionnaireItem {
  linkId: string;
  label: string;
  kind: 'boolean' | 'date' | 'code';
  /** The criteria the catalog names for the item. */
  decides: readonly string[];
  /** A date for which today is a likely answer (the web form offers "Today"). */
  offerToday?: boolean;
  role?: QuestionnaireRole;
  /** Coded items: the allowed codes, in the order a form lists them. */
  answers?: readonly QuestionnaireAnswer[];
}

export interface Questionnaire {
  /** Where the items come from (the criteria catalog's section). */
  source: string;
  items: readonly QuestionnaireItem[];
}

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
