/**
 * Passwords: argon2id (@node-rs/argon2's defaults: m = 19 MiB, t = 2, p = 1 — the OWASP minimum for
 * argon2id) and the length rule of NIST SP 800-63B §5.1.1.2 (at least 12 characters here, no
 * composition rules, at most 256).
 */
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { TrialError } from '../errors.ts';

const ARGON2ID = 2 as Algorithm; // @node-rs/argon2 Algorithm.Argon2id (a const enum, so not importable under isolatedModules)

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordRule(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > 256)
    throw new TrialError('invalid', `${field}: expected 12 to 256 characters, got ${password.length}`, {
      fields: [{ path: field, message: 'expected 12 to 256 characters' }],
    });
}

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID });

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal usernames. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => {
  decoy ??= hashPassword('decoy password that never matches');
  return decoy;
};
