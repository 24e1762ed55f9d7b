import { describe, expect, it } from 'vitest';
import { ApiError } from '../api.ts';
import { needsTotp, signInTarget, totpCode } from './sign-in.ts';

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
