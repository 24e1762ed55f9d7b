/**
 * Password rules in the browser, the same as the server's (src/store/passwords.ts, NIST SP 800-63B
 * §5.1.1.2): 12 to 256 characters, no composition rules. The browser checks first so the user hears
 * about a short password before a round trip; the server decides.
 */
import type { FieldErrors } from './form-errors.ts';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** What is wrong with a new password, or null. Length counts UTF-16 code units, as the server does. */
export function passwordRuleError(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length})`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `use at most ${MAX_PASSWORD_LENGTH} characters (this one has ${password.length})`;
  return null;
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Field errors of the change-password form, keyed by field name; empty when it may be sent. */
export function checkPasswordChange(form: PasswordChange): FieldErrors {
  const errors: FieldErrors = {};
  if (!form.currentPassword) errors.currentPassword = 'enter your current password';
  const rule = passwordRuleError(form.newPassword);
  if (rule) errors.newPassword = rule;
  else if (form.newPassword === form.currentPassword)
    errors.newPassword = 'choose a password different from the current one';
  if (form.confirmPassword !== form.newPassword) errors.confirmPassword = 'does not match the new password';
  return errors;
}

// No look-alikes (0/O, 1/l/I): the admin reads the temporary password to the user.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A temporary password of `length` characters drawn uniformly from ALPHABET. `random` gives n random
 * bytes (crypto.getRandomValues in the browser); bytes at or above the largest multiple of the
 * alphabet's size are skipped so that no character is likelier than another.
 */
export function temporaryPassword(random: (n: number) => Uint8Array, length = 16): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length)
    for (const byte of random(length - out.length)) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  return out;
}

export const browserRandom = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));
