/** What a protocol asks a person to confirm in the screening questionnaire. */
import { walkBlocks } from '../eligibility/index.ts';
import type { Protocol } from './schema.ts';

/**
 * IDs of the criteria whose rule asks for a person's confirmation under the criterion's own ID
 * (questionnaire linkId = criterion ID): statements only a person can make, such as I01.
 */
export function attestedCriteria(protocol: Pick<Protocol, 'criteria'>): string[] {
  return protocol.criteria
    .filter((c) => [...walkBlocks(c.rule)].some((b) => b.kind === 'attestation' && (b.item ?? c.id) === c.id))
    .map((c) => c.id);
}
