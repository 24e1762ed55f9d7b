/**
 * The computable protocol: registry facts, interventions, arms, schedule, endpoints and their
 * parameters, and sites (protocols/<id>/protocol.yaml and sites.yaml). Criteria use the vocabulary of
 * src/eligibility/; the questionnaire's schema is in questionnaire.ts.
 */
import { z } from 'zod';
import {
  type ProtocolSite,
  protocolSite,
  type RegistryFacts,
  type ResourceLimits,
  type SpecimensFile,
} from '../contracts/index.ts';
import type {
  Criterion,
  DrugClass,
  LabDefinition,
  ScreeningProtocol,
  ScreeningSite,
  ValueSet,
} from '../eligibility/index.ts';

// The shapes are the contracts' (the API serves them as they are loaded); the loader reads YAML dates as text.
export {
  arm as armSchema,
  endpointParameters as endpointParametersSchema,
  intervention as interventionSchema,
  registryFacts as registryFactsSchema,
} from '../contracts/index.ts';
export type { RegistryFacts };

export const siteSchema = protocolSite;
export type Site = ProtocolSite & ScreeningSite;

export const sitesFileSchema = z.strictObject({ sites: z.array(siteSchema).min(1) });

/** A loaded protocol: registry facts, sites, criteria and the questionnaire, ready for the screener. */
export interface Protocol extends ScreeningProtocol {
  registry: RegistryFacts;
  sites: Site[];
  criteria: Criterion[];
  /** The terminology as loaded (for serialization); `terminology` is its compiled form. */
  terminologySource: { labs: LabDefinition[]; valueSets: ValueSet[]; drugClasses: DrugClass[] };
  /**
   * randomization.yaml as written: the default configuration of allocation lists and rehearsals,
   * validated by the randomization engine where a list is made from it.
   */
  randomization: unknown;
  /** limits.yaml: what a request, an upload, a randomization configuration and a rehearsal may ask. */
  limits: ResourceLimits;
  /** specimens.yaml: the specimens for the biomarker objective, who gives them and when (none without it). */
  specimens: SpecimensFile;
}

/**
 * Site ID rule (criteria catalog, "Sites"): the facility name lower-cased, with every run of
 * characters other than a–z and 0–9 replaced by one "-".
 */
export function siteIdOf(facilityName: string): string {
  return facilityName.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
