/** Sign-in decisions that do not need the page: where to go afterwards, and whether a code is wanted. */
import { ApiError } from '../api.ts';

/**
 * Where to go after signing in: the page that sent the user here (the Guard puts it in
 * `location.state.from`), else the dashboard; the password page first when the password must change.
 * Only paths inside the app are followed ("/x", not "//host" or "https://…"), and never back to sign-in.
 */
export function signInTarget(state: unknown, mustChangePassword: boolean): string {
  if (mustChangePassword) return '/account/password';
  const from = typeof state === 'object' && state !== null ? (state as { from?: unknown }).from : undefined;
  if (typeof from !== 'string' || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/\\'))
    return '/dashboard';
  if (from === '/sign-in' || from.startsWith('/sign-in?')) return '/dashboard';
  return from;
}

/** The server wants the 6-digit TOTP code (src/server/routes/auth.ts answers 401 with totpRequired). */
export const needsTotp = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 401 && error.detail.totpRequired === true;

/** A TOTP code as typed ("123 456") to the six digits the server expects, or null. */
export function totpCode(typed: string): string | null {
  const digits = typed.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}
