/**
 * One subject is one person: what the server says when an upload's patient (or a corrected identity)
 * differs from the subject (`identity_mismatch`, with both values per field), and the possible
 * duplicates it reports (same source identifier, or same initials + birth date + sex) — as text.
 */
import { ApiError } from '../api.ts';
import {
  type IdentityMismatch,
  type IdentityMismatchRefusal,
  type PossibleDuplicate,
  REFUSAL_CODES,
  type SubjectStatus,
} from '../contracts.ts';

export const MISMATCH_FIELD_LABEL: Record<IdentityMismatch['field'], string> = {
  birthDate: 'Birth date',
  sex: 'Sex',
  initials: 'Initials',
};

/** The mismatches of a refused upload or correction; null when the error is something else. */
export function identityMismatchesOf(error: unknown): IdentityMismatch[] | null {
  if (
    !(error instanceof ApiError) ||
    error.status !== 422 ||
    error.detail.code !== REFUSAL_CODES.identityMismatch
  )
    return null;
  const { mismatches } = error.detail as Partial<IdentityMismatchRefusal>;
  return Array.isArray(mismatches) ? mismatches : [];
}

const BASIS_TEXT: Record<PossibleDuplicate['basis'][number], string> = {
  identifier: 'the same source patient identifier (e.g. the MRN)',
  demographics: 'the same initials, birth date and sex',
};

const STATUS_TEXT: Record<SubjectStatus, string> = {
  screening: 'in screening',
  eligible: 'eligible',
  screen_failed: 'a screen failure',
  randomized: 'randomized',
  withdrawn: 'withdrawn',
};

/** "NCT05168163-09-001 (this site, randomized) has the same source patient identifier (e.g. the MRN)." */
export function describeDuplicate(d: PossibleDuplicate): string {
  const who = d.studyId
    ? `${d.studyId} (${d.sameSite ? 'this site' : 'another site'}, ${STATUS_TEXT[d.status]})`
    : `A subject at another site (${STATUS_TEXT[d.status]})`;
  return `${who} has ${d.basis.map((b) => BASIS_TEXT[b]).join(' and ')}.`;
}

/** A match on the source identifier is the same person as the hospital records it: say it first, louder. */
export const isSamePerson = (d: PossibleDuplicate): boolean => d.basis.includes('identifier');
