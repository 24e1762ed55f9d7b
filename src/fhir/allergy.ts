import type { AllergyIntolerance } from '@medplum/fhirtypes';
import type { AllergyFact, AllergyReaction } from '../eligibility/index.ts';
import { DROPPED_VERIFICATION_STATUSES } from './condition.ts';
import type { MapContext, Produced } from './mapping.ts';
import { arr, codesOf, codesOfAll, dateOf, firstCode, namesOf, str, textOf } from './values.ts';

/** AllergyIntolerance → AllergyFact; refuted and entered-in-error records are dropped. */
export function mapAllergy(allergy: AllergyIntolerance, ctx: MapContext): Produced | undefined {
  const verificationStatus = firstCode(allergy.verificationStatus);
  if (verificationStatus !== undefined && DROPPED_VERIFICATION_STATUSES.has(verificationStatus))
    return undefined;
  const fact: AllergyFact = {
    ref: ctx.ref,
    source: ctx.source,
    codes: codesOf(allergy.code),
    names: namesOf(allergy.code),
    categories: arr(allergy.category).filter((c): c is NonNullable<typeof c> => typeof c === 'string'),
    reactions: [],
  };
  const clinicalStatus = firstCode(allergy.clinicalStatus);
  if (clinicalStatus !== undefined) fact.clinicalStatus = clinicalStatus;
  if (verificationStatus !== undefined) fact.verificationStatus = verificationStatus;
  const criticality = str(allergy.criticality);
  if (criticality !== undefined) fact.criticality = criticality;
  const recorded = dateOf(allergy.recordedDate, 'recordedDate', ctx.warn);
  if (recorded !== undefined) fact.recorded = recorded;
  for (const reaction of arr(allergy.reaction)) {
    if (reaction === null || typeof reaction !== 'object') continue;
    const manifestations = arr(reaction.manifestation);
    const out: AllergyReaction = {
      manifestations: codesOfAll(manifestations),
      manifestationText: manifestations.map(textOf).filter((t): t is string => t !== undefined),
      substance: codesOf(reaction.substance),
    };
    const severity = str(reaction.severity);
    if (severity !== undefined) out.severity = severity;
    fact.reactions.push(out);
  }
  return { allergies: [fact] };
}
