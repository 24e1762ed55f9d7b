import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { accountLockOf, lockSentence, needsTotp, signInTarget, totpCode } from './sign-in.ts';

describe('signInTarget', () => {
  it('returns to the page the guard came from', () => {
    expect(signInTarget({ from: '/subjects/42' }, false)).toBe('/subjects/42');
  });

  it('goes to the dashboard without a usable origin', () => {
    expect(signInTarget(null, false)).toBe('/dashboard');
    expect(signInTarget({}, false)).toBe('/dashboard');
    expect(signInTarget({ from: 42 }, false)).toBe('/dashboard');
    expect(signInTarget({ from: '/sign-in' }, false)).toBe('/dashboard');
  });

  it('never leaves the app', () => {
    expect(signInTarget({ from: '//evil.example/x' }, false)).toBe('/dashboard');
    expect(signInTarget({ from: '/\\evil.example' }, false)).toBe('/dashboard');
    expect(signInTarget({ from: 'https://evil.example/' }, false)).toBe('/dashboard');
  });

  it('sends a user who must change the password to the password page first', () => {
    expect(signInTarget({ from: '/admin' }, true)).toBe('/account/password');
  });
});

describe('needsTotp', () => {
  it('is true only for the 401 that carries totpRequired', () => {
    const asked = new ApiError(401, 'unauthenticated', 'totp: enter the code', [], { totpRequired: true });
    const wrong = new ApiError(401, 'unauthenticated', 'username or password not correct');
    expect(needsTotp(asked)).toBe(true);
    expect(needsTotp(wrong)).toBe(false);
    expect(needsTotp(new Error('x'))).toBe(false);
  });
});

describe('totpCode', () => {
  it('accepts six digits, with spaces as authenticator apps show them', () => {
    expect(totpCode('123456')).toBe('123456');
    expect(totpCode(' 123 456 ')).toBe('123456');
    expect(totpCode('12345')).toBeNull();
    expect(totpCode('12345a')).toBeNull();
  });
});

describe('a locked account', () => {
  const locked = (detail: Record<string, unknown>) =>
    new ApiError(401, 'unauthenticated', 'the account is locked …', [], {
      code: 'account_locked',
      ...detail,
    });

  it('is read from the 401 that carries account_locked and when the lock ends', () => {
    expect(
      accountLockOf(locked({ lockedUntil: '2026-03-30T14:15:00.000Z', minutes: 15, lockedNow: false })),
    ).toEqual({ lockedUntil: '2026-03-30T14:15:00.000Z', minutes: 15, lockedNow: false });
    expect(accountLockOf(locked({ lockedUntil: '2026-03-30T14:15:00.000Z', lockedNow: true }))).toEqual({
      lockedUntil: '2026-03-30T14:15:00.000Z',
      minutes: 1,
      lockedNow: true,
    });
    expect(accountLockOf(locked({ lockedUntil: 'soon' }))).toBeNull();
    expect(
      accountLockOf(new ApiError(401, 'unauthenticated', 'username or password not correct')),
    ).toBeNull();
    expect(accountLockOf(new Error('x'))).toBeNull();
  });

  it('is said in a sentence: locked, for how long, until when, and what else to do', () => {
    const lock = { lockedUntil: '2026-03-30T14:15:00.000Z', minutes: 15, lockedNow: false };
    expect(lockSentence(lock, '2026-03-30 09:15 CDT')).toBe(
      'This account is locked after too many failed sign-ins in a row. Try again in 15 minutes (after 2026-03-30 09:15 CDT), or ask an admin to unlock it.',
    );
    expect(lockSentence({ ...lock, minutes: 1 }, '09:15')).toContain('Try again in 1 minute (');
    expect(lockSentence({ ...lock, lockedNow: true }, '2026-03-30 09:15 CDT')).toBe(
      'Username or password not correct. After too many failed sign-ins in a row the account is now locked for 15 minutes, until 2026-03-30 09:15 CDT.',
    );
  });
});
