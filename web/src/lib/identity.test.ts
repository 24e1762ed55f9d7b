import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import type { PossibleDuplicate } from '../contracts.ts';
import { describeDuplicate, identityMismatchesOf, isSamePerson } from './identity.ts';

describe('identityMismatchesOf', () => {
  const mismatches = [{ field: 'birthDate', subject: '1961-02-17', document: '1958-09-03' }];

  it('reads the mismatches of an identity refusal', () => {
    const error = new ApiError(422, 'refused', 'record.json: …', [], {
      code: 'identity_mismatch',
      mismatches,
    });
    expect(identityMismatchesOf(error)).toEqual(mismatches);
  });

  it('is null for any other error', () => {
    expect(identityMismatchesOf(new ApiError(422, 'refused', 'closed', [], {}))).toBeNull();
    expect(
      identityMismatchesOf(new ApiError(400, 'invalid', 'x', [], { code: 'identity_mismatch' })),
    ).toBeNull();
    expect(identityMismatchesOf(new Error('network'))).toBeNull();
  });
});

describe('describeDuplicate', () => {
  const base: PossibleDuplicate = {
    subjectId: 'u1',
    studyId: 'NCT05168163-09-001',
    siteId: 'mayo-clinic-in-rochester',
    sameSite: true,
    status: 'randomized',
    basis: ['identifier', 'demographics'],
  };

  it('names the subject, where it is, its status and what matched', () => {
    expect(describeDuplicate(base)).toBe(
      'NCT05168163-09-001 (this site, randomized) has the same source patient identifier (e.g. the MRN) and the same initials, birth date and sex.',
    );
    expect(isSamePerson(base)).toBe(true);
  });

  it('does not name a subject at a site the user may not see', () => {
    const hidden = { ...base, subjectId: null, studyId: null, siteId: null, sameSite: false };
    expect(describeDuplicate({ ...hidden, status: 'screening', basis: ['demographics'] })).toBe(
      'A subject at another site (in screening) has the same initials, birth date and sex.',
    );
    expect(isSamePerson({ ...hidden, basis: ['demographics'] })).toBe(false);
  });
});
