import { describe, expect, it } from 'vitest';
import type { ListSummary } from '../contracts.ts';
import { activeTrialList, allocatedFrom, confirmationOf, replaceBlocked } from './allocation-lists.ts';

const list = (over: Partial<ListSummary> = {}): ListSummary => ({
  id: 'l1',
  method: 'permuted-blocks',
  rehearsal: false,
  active: true,
  seedSha256: '3f2a9c0d1e4b5a6978695a4b3c2d1e0f00112233445566778899aabbccddeeff',
  createdAt: '2026-03-30T15:00:00.000Z',
  allocated: 0,
  strata: [
    { stratum: 'planned-mki=cabozantinib', entries: 124, used: 0 },
    { stratum: 'planned-mki=lenvatinib', entries: 124, used: 0 },
  ],
  ...over,
});

describe('the active allocation list', () => {
  it('is the active list that is not a rehearsal', () => {
    const rehearsal = list({ id: 'r', rehearsal: true });
    const replaced = list({ id: 'old', active: false });
    expect(activeTrialList([rehearsal, replaced])).toBeUndefined();
    expect(activeTrialList([rehearsal, replaced, list({ id: 'now' })])?.id).toBe('now');
  });

  it('may be replaced until a subject is randomized from it, and then says why not', () => {
    expect(replaceBlocked(undefined)).toBeNull();
    expect(replaceBlocked(list())).toBeNull();
    expect(replaceBlocked(list({ allocated: 1 }))).toBe(
      '1 subject has been randomized from the active list, so it can no longer be replaced: their allocations are checked against it.',
    );
    expect(replaceBlocked(list({ allocated: 3 }))).toMatch(/^3 subjects have been randomized/);
  });

  it('counts allocations from the strata when the server does not say', () => {
    const older = list({ strata: [{ stratum: 's', entries: 4, used: 2 }] }) as Partial<ListSummary>;
    delete older.allocated;
    expect(allocatedFrom(older as ListSummary)).toBe(2);
    expect(replaceBlocked(older as ListSummary)).toMatch(/^2 subjects/);
  });
});

describe('the confirmation', () => {
  it('says what creating does and that the seed is shown once', () => {
    const c = confirmationOf(undefined);
    expect(c.title).toBe('Create the allocation list');
    expect(c.what.join(' ')).toContain('new random seed');
    expect(c.seed).toMatch(/shown once.*keep it outside trialkit.*only its SHA-256/);
  });

  it('says, for a replacement, that the current list stops being used', () => {
    const c = confirmationOf(list());
    expect(c.title).toBe('Replace the allocation list');
    expect(c.what[0]).toBe(
      'The current list (created 2026-03-30, seed SHA-256 3f2a9c0d1e4b…) stops being used: it is kept, marked replaced, and no subject will be randomized from it.',
    );
    expect(c.seed).toContain('shown once');
  });
});
