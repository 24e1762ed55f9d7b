/**
 * Shapes of the terminology data files under terminology/ (labs, drug classes, value sets).
 * They are data, not code: each file names its members' codes and the source of those codes.
 */
import { z } from 'zod';

const source = z.string().min(1);

/** One laboratory (or clinical) measurement the criteria read, with the codes that carry it. */
export const labDefinitionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  /** LOINC codes that carry this measurement (any of them). */
  loinc: z.array(z.string().regex(/^\d{1,7}-\d$/)).min(1),
  /** quantitative values are compared after UCUM conversion; qualitative ones are read as positive/negative. */
  kind: z.enum(['quantitative', 'qualitative', 'either', 'score']),
  /** Canonical UCUM unit values are converted to (quantitative). */
  unit: z.string().optional(),
  /** How to print the canonical unit in reasons (e.g. "×10⁹/L"). */
  unitLabel: z.string().optional(),
  /** g/mol, for mass ⇄ substance conversions (e.g. bilirubin 584.66). */
  molarMass: z.number().positive().optional(),
  /** Values outside this range (canonical unit) are physically impossible and rejected. */
  possible: z.object({ min: z.number().optional(), max: z.number().optional() }).optional(),
  /**
   * Quantitative results read as qualitative (e.g. serum hCG in [IU]/L): below `negativeBelow` is
   * negative, at or above `positiveFrom` positive, in between indeterminate; in `unit`.
   */
  cutoffs: z
    .object({ negativeBelow: z.number(), positiveFrom: z.number(), unit: z.string(), source: z.string() })
    .optional(),
  sources: z.array(source).min(1),
  notes: z.string().optional(),
});
export type LabDefinition = z.infer<typeof labDefinitionSchema>;

const drugMemberSchema = z.object({
  /** Ingredient name, lower case (the fallback match: whole terms only, src/eligibility/terms.ts). */
  name: z.string().regex(/^[a-z0-9][a-z0-9 ,'()./-]*$/),
  /** RxNorm ingredient (TTY=IN) concept ID; absent only when RxNorm has none (say why in `notes`). */
  rxnorm: z.string().regex(/^\d+$/).optional(),
  /** Other names that identify the ingredient in free text: brand names, research codes, old names. */
  synonyms: z.array(z.string()).default([]),
  /** Elimination half-life in hours, where a criterion counts half-lives (E15). */
  halfLifeHours: z.number().positive().optional(),
  /** Anticoagulants: `always` therapeutic (warfarin, DOACs) or only at treatment dose (heparins). */
  anticoagulation: z.enum(['always-therapeutic', 'dose-dependent']).optional(),
  /** Prophylactic/therapeutic dose boundary, where a class needs it (e.g. heparins). */
  therapeuticDoseNote: z.string().optional(),
  /** Corticosteroid prednisone-equivalent factor (mg of prednisone per mg of this drug). */
  prednisoneEquivalent: z.number().positive().optional(),
  /** A glucocorticoid (E17's indication exceptions apply), also when it has no equivalence factor. */
  corticosteroid: z.boolean().optional(),
  notes: z.string().optional(),
});
export type DrugClassMember = z.infer<typeof drugMemberSchema>;

export const drugClassSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  description: z.string().optional(),
  sources: z.array(source).min(1),
  members: z.array(drugMemberSchema).min(1),
});
export type DrugClass = z.infer<typeof drugClassSchema>;

/**
 * A set of coded concepts (conditions, procedures, vaccines, allergens…).
 * ICD-10-CM and CPT entries match by prefix (`C79.3` matches `C79.31`; dots are ignored);
 * SNOMED CT, CVX and LOINC entries match exactly (no hierarchy is available offline, so
 * descendants are listed). `names` are lower-case phrases for the name fallback, matched as whole
 * terms (src/eligibility/terms.ts: list every form a text may use — "metastasis", "metastases"); a
 * match by name is reported as such.
 */
export const valueSetSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: z.string(),
  description: z.string().optional(),
  sources: z.array(source).min(1),
  codes: z
    .object({
      icd10cm: z.array(z.string()).default([]),
      snomed: z.array(z.string().regex(/^\d+$/)).default([]),
      cpt: z.array(z.string()).default([]),
      cvx: z.array(z.string()).default([]),
      loinc: z.array(z.string()).default([]),
      rxnorm: z.array(z.string()).default([]),
    })
    .default({ icd10cm: [], snomed: [], cpt: [], cvx: [], loinc: [], rxnorm: [] }),
  names: z.array(z.string().regex(/^[^A-Z]*$/, 'names are lower case')).default([]),
  /** Phrases that, when present in the text as whole terms, stop a name match (e.g. "screening for"). */
  excludeNames: z.array(z.string()).default([]),
});
export type ValueSet = z.infer<typeof valueSetSchema>;
