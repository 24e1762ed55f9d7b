/**
 * Drug exposures: medication records matched to drug classes, with the period the patient took the
 * drug. FHIR records often lack an end date; such an exposure can neither be placed inside nor
 * outside a window, and evaluators report it as unknown rather than guessing.
 */

import { contentKey, type Env, remember } from '../env.ts';
import type { IsoDate, MedicationFact } from '../patient-facts.ts';
import { type CodeMatch, type DrugClassMatcher, describeMatch } from '../terminology.ts';
import type { DrugClassMember } from '../terminology-schema.ts';
import { TermList } from '../terms.ts';

export interface Exposure {
  ref: string;
  fact: MedicationFact;
  member: DrugClassMember;
  classId: string;
  match: CodeMatch;
  start?: IsoDate;
  end?: IsoDate;
  ongoing: boolean;
  planned: boolean;
  /** "sorafenib (RxNorm 495881), 2024-01-10 to 2024-06-30 [MedicationStatement/ms1]" */
  description: string;
}

export function drugClass(env: Env, classId: string): DrugClassMatcher {
  const matcher = env.protocol.terminology.drugClasses.get(classId);
  if (!matcher) throw new Error(`criterion ${env.criterion.id} reads unknown drug class "${classId}"`);
  return matcher;
}

function period(fact: MedicationFact): string {
  if (fact.planned) return `planned${fact.start ? ` from ${fact.start}` : ''}`;
  if (fact.start && fact.end)
    return fact.start === fact.end ? `on ${fact.start}` : `${fact.start} to ${fact.end}`;
  if (fact.ongoing) return fact.start ? `since ${fact.start}, ongoing` : 'ongoing, start not recorded';
  if (fact.end) return `until ${fact.end}`;
  return fact.start ? `started ${fact.start}, end not recorded` : 'dates not recorded';
}

/**
 * Every record of a drug in the classes, in input order. Records that start after T0 are left out:
 * screening as of T0 uses only what was known by then.
 */
export function exposuresOf(env: Env, classIds: string | readonly string[]): Exposure[] {
  const ids = typeof classIds === 'string' ? [classIds] : classIds;
  return remember(env, ['exposures', contentKey(classIds)], () => findExposures(env, ids));
}

function findExposures(env: Env, ids: readonly string[]): Exposure[] {
  const matchers = ids.map((id) => drugClass(env, id));
  const exposures: Exposure[] = [];
  for (const fact of env.facts.medications) {
    if (fact.start && fact.start > env.context.asOf) continue;
    const members = new Set<string>();
    for (const matcher of matchers) {
      for (const hit of matcher.matchAll(fact.codes, fact.names)) {
        // A drug in two of the classes asked about (e.g. cyclophosphamide) is one exposure.
        if (members.has(hit.member.name)) continue;
        members.add(hit.member.name);
        exposures.push({
          ref: fact.ref,
          fact,
          member: hit.member,
          classId: hit.classId,
          match: hit.match,
          ...(fact.start ? { start: fact.start } : {}),
          ...(fact.end ? { end: fact.end } : {}),
          ongoing: fact.ongoing,
          planned: fact.planned,
          description: `${hit.member.name} (${describeMatch(hit.match)}), ${period(fact)} [${fact.ref}]`,
        });
      }
    }
  }
  return exposures;
}

/** The dates of an exposure (a matched Exposure, or a MedicationFact itself). */
export type ExposurePeriod = Pick<Exposure, 'start' | 'end' | 'ongoing' | 'planned'>;

/**
 * Whether the exposure overlaps [from, to]: true or false when the record's dates settle it,
 * undefined when they do not (no end date, started before the window, not marked ongoing).
 */
export function overlaps(exposure: ExposurePeriod, from: IsoDate, to: IsoDate): boolean | undefined {
  if (exposure.planned) return false;
  if (exposure.start && exposure.start > to) return false;
  if (exposure.end) return exposure.end >= from;
  if (exposure.ongoing) return true;
  if (exposure.start && exposure.start >= from) return true;
  return undefined;
}

/** Whether the exposure is still going on at `date`: undefined when the record cannot tell. */
export function activeAt(exposure: ExposurePeriod, date: IsoDate): boolean | undefined {
  if (exposure.planned) return false;
  if (exposure.start && exposure.start > date) return false;
  if (exposure.end) return exposure.end >= date;
  if (exposure.ongoing) return true;
  return undefined;
}

/** Free texts of a record in which a therapy setting or an intent is stated. */
function statedTexts(fact: MedicationFact): string[] {
  return [
    ...fact.notes,
    ...fact.reasonText,
    ...fact.categories.map((c) => c.display ?? c.code),
    ...fact.dosageText,
  ];
}

export type TherapySetting = 'adjuvant' | 'neoadjuvant' | 'loco-regional';

// Settings of E01's note ("adjuvant or as part of loco-regional therapies") and I05's other lines, as
// whole terms (terms.ts): docs/decisions/0003-medication-exposure.md.
const NEOADJUVANT = new TermList(['neoadjuvant', 'neo-adjuvant']);
const ADJUVANT = new TermList(['adjuvant']);
const LOCO_REGIONAL = new TermList([
  'locoregional',
  'loco-regional',
  'chemoembolization',
  'chemoembolisation',
  'chemo-embolization',
  'chemo-embolisation',
  'tace',
  'intra-arterial',
  'intraarterial',
  'haic',
]);

/** The setting a record states (adjuvant, neoadjuvant, loco-regional), if any. */
export function therapySetting(fact: MedicationFact): TherapySetting | undefined {
  const stated = statedTexts(fact);
  if (NEOADJUVANT.has(stated)) return 'neoadjuvant';
  if (ADJUVANT.has(stated)) return 'adjuvant';
  const routes = [...fact.routeText, ...fact.routes.map((r) => r.display ?? r.code)];
  if (LOCO_REGIONAL.has([...stated, ...routes])) return 'loco-regional';
  return undefined;
}

/** Routes, dose forms and devices of a use that acts where it is applied (whole terms, terms.ts). */
const LOCAL_ROUTE = new TermList([
  'topical',
  'cutaneous',
  'dermal',
  'cream',
  'ointment',
  'lotion',
  'gel',
  'ophthalmic',
  'eye',
  'otic',
  'ear',
  'nasal',
  'intranasal',
  'intra-nasal',
  'inhal',
  'inhaled',
  'inhalation',
  'inhalational',
  'inhalant',
  'inhaler',
  'nebulizer',
  'nebuliser',
  'nebulized',
  'nebulised',
  'nebulization',
  'nebulisation',
  'nebulizing',
  'nebulising',
  'respules',
  'flexhaler',
  'turbuhaler',
  'diskus',
  'ellipta',
  'respimat',
  'hfa',
  'mdi',
  'dpi',
  'intra-articular',
  'intraarticular',
  'intralesional',
  'intravitreal',
  'intraocular',
  'rectal',
  'enema',
  'vaginal',
  'mucosal',
  'dental',
  'oral rinse',
  'mouthwash',
]);

/**
 * A use that acts where it is applied, not on the whole body: the record's routes, dose forms or
 * names say topical, inhaled, nasal, ophthalmic, intra-articular… (E17's systemic immunosuppression,
 * I05's systemic lines).
 */
export function isLocalUse(fact: MedicationFact): boolean {
  return LOCAL_ROUTE.has([...fact.routeText, ...fact.routes.map((r) => r.display ?? r.code), ...fact.names]);
}

/** What the record says the drug is for (reasons), lower case; '' when it does not say. */
export function statedReason(fact: MedicationFact): string {
  return [...fact.reasonText, ...fact.reasons.map((r) => r.display ?? '')]
    .filter((t) => t.length > 0)
    .join('; ')
    .toLowerCase();
}

/** Prophylactic intent (E21: "Subjects on prophylactic antibiotics are eligible"; I21), as whole terms. */
const PROPHYLAXIS = new TermList([
  'prophylaxis',
  'prophylaxes',
  'prophylactic',
  'prophylactically',
  'prevention',
  'preventive',
  'preventative',
  'preventing',
]);

export function isProphylactic(fact: MedicationFact): boolean {
  return PROPHYLAXIS.has(statedTexts(fact));
}

/** Treatment-dose intent of an anticoagulant (I21: "therapeutic anticoagulation"), as whole terms. */
const THERAPEUTIC_USE = new TermList([
  'therapeutic',
  'therapeutically',
  'treatment dose',
  'full dose',
  'thrombosis',
  'thromboses',
  'thrombosed',
  'thromboembolism',
  'thromboembolic',
  'embolism',
  'dvt',
  'atrial fibrillation',
  'mechanical valve',
]);

/**
 * Therapeutic (treatment-dose) intent stated in the record: treatment of thrombosis, AF… A record that
 * states prophylaxis ("DVT prophylaxis") is not therapeutic, whatever condition it names.
 */
export function statesTherapeuticUse(fact: MedicationFact): boolean {
  if (isProphylactic(fact)) return false;
  return THERAPEUTIC_USE.has(statedTexts(fact));
}
