import { describe, expect, it } from 'vitest';
import type { Subject } from '../contracts.ts';
import { canWithdraw, identityCorrection } from './identity-correction.ts';

const subject: Subject = {
  id: 'u1',
  studyId: 'NCT05168163-09-001',
  siteId: 'mayo-clinic-in-rochester',
  initials: 'AL',
  birthDate: '1958-03-09',
  sex: 'male',
  status: 'screening',
  withdrawalReason: null,
  createdAt: '2026-03-30T14:00:00Z',
  version: 3,
};
const same = { initials: 'AL', birthDate: '1958-03-09', sex: 'male', reason: '' };

describe('identityCorrection', () => {
  it('sends only what changes, with the version read and the reason', () => {
    expect(
      identityCorrection(
        subject,
        { ...same, birthDate: '1958-09-03', reason: ' day and month swapped ' },
        '2026-03-30',
      ),
    ).toEqual({ errors: {}, body: { version: 3, reason: 'day and month swapped', birthDate: '1958-09-03' } });
    expect(
      identityCorrection(subject, { ...same, initials: 'a.b.l.', reason: 'middle name' }, '2026-03-30').body,
    ).toEqual({ version: 3, reason: 'middle name', initials: 'ABL' });
  });

  it('asks for a reason, and for a change', () => {
    expect(identityCorrection(subject, same, '2026-03-30')).toEqual({
      errors: {
        initials: 'nothing to correct: change the initials, the birth date or the sex',
        reason: 'give the reason for the correction',
      },
      body: null,
    });
  });

  it('checks the fields as the new-subject form does', () => {
    const { errors } = identityCorrection(
      subject,
      { initials: 'ABCD', birthDate: '2026-03-31', sex: '', reason: 'x' },
      '2026-03-30',
    );
    expect(errors).toEqual({
      initials: 'one to three letters A–Z',
      birthDate: '2026-03-31 is in the future',
      sex: 'choose one',
    });
  });
});

describe('canWithdraw', () => {
  it('only before randomization, and once', () => {
    expect(canWithdraw({ status: 'screening' })).toBe(true);
    expect(canWithdraw({ status: 'eligible' })).toBe(true);
    expect(canWithdraw({ status: 'screen_failed' })).toBe(true);
    expect(canWithdraw({ status: 'randomized' })).toBe(false);
    expect(canWithdraw({ status: 'withdrawn' })).toBe(false);
  });
});
