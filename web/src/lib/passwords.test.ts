import { describe, expect, it } from 'vitest';
import { checkPasswordChange, passwordRuleError, temporaryPassword } from './passwords.ts';

describe('passwordRuleError', () => {
  it('wants 12 to 256 characters and says how many were typed', () => {
    expect(passwordRuleError('a'.repeat(11))).toBe('use at least 12 characters (this one has 11)');
    expect(passwordRuleError('a'.repeat(12))).toBeNull();
    expect(passwordRuleError('a'.repeat(256))).toBeNull();
    expect(passwordRuleError('a'.repeat(257))).toBe('use at most 256 characters (this one has 257)');
  });
});

describe('checkPasswordChange', () => {
  const ok = {
    currentPassword: 'old password 1',
    newPassword: 'new password 12',
    confirmPassword: 'new password 12',
  };

  it('passes a long enough new password typed twice', () => {
    expect(checkPasswordChange(ok)).toEqual({});
  });

  it('names each field that stops the change', () => {
    expect(
      checkPasswordChange({ currentPassword: '', newPassword: 'short', confirmPassword: 'shorter' }),
    ).toEqual({
      currentPassword: 'enter your current password',
      newPassword: 'use at least 12 characters (this one has 5)',
      confirmPassword: 'does not match the new password',
    });
  });

  it('refuses the current password as the new one (the server does too)', () => {
    expect(
      checkPasswordChange({
        currentPassword: ok.newPassword,
        newPassword: ok.newPassword,
        confirmPassword: ok.newPassword,
      }),
    ).toEqual({ newPassword: 'choose a password different from the current one' });
  });
});

describe('temporaryPassword', () => {
  it('draws the requested length from the alphabet, skipping bytes that would bias it', () => {
    // 56 characters: bytes ≥ 224 are skipped; 0 → 'a', 55 → '9', 56 → 'a' again.
    const bytes = [255, 224, 0, 55, 56, 1];
    let next = 0;
    const random = (n: number) => Uint8Array.from({ length: n }, () => bytes[next++ % bytes.length] ?? 0);
    expect(temporaryPassword(random, 4)).toBe('a9ab');
  });

  it('passes the password rule at its default length', () => {
    const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37) % 256);
    const password = temporaryPassword(random);
    expect(password).toHaveLength(16);
    expect(passwordRuleError(password)).toBeNull();
    expect(password).not.toMatch(/[0O1lI]/);
  });
});
