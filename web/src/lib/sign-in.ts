/** Sign-in decisions that do not need the page: where to go afterwards, and whether a code is wanted. */
import { ApiError } from '../api.ts';
import { type AccountLocked, REFUSAL_CODES, type TotpRequired } from '../contracts.ts';

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

/** The server wants the 6-digit TOTP code (a 401 with `totpRequired`). */
export const needsTotp = (error: unknown): boolean =>
  error instanceof ApiError &&
  error.status === 401 &&
  (error.detail as Partial<TotpRequired>).totpRequired === true;

/** A TOTP code as typed ("123 456") to the six digits the server expects, or null. */
export function totpCode(typed: string): string | null {
  const digits = typed.replace(/\s+/g, '');
  return /^\d{6}$/.test(digits) ? digits : null;
}

/**
 * A refusal because the account is locked (a 401 with code account_locked): when the lock ends (ISO),
 * the minutes until then on the server's clock (the browser's may be off), and whether this refusal
 * is the failed sign-in that set the lock.
 */
export type AccountLock = Omit<AccountLocked, 'code'>;

export function accountLockOf(error: unknown): AccountLock | null {
  if (
    !(error instanceof ApiError) ||
    error.status !== 401 ||
    error.detail.code !== REFUSAL_CODES.accountLocked
  )
    return null;
  const { lockedUntil, minutes, lockedNow } = error.detail as Partial<AccountLocked>;
  if (typeof lockedUntil !== 'string' || Number.isNaN(Date.parse(lockedUntil))) return null;
  return {
    lockedUntil,
    minutes: typeof minutes === 'number' && minutes > 0 ? minutes : 1,
    lockedNow: lockedNow === true,
  };
}

/**
 * The page's sentence for a lock: that the account is locked, for how many minutes and until when
 * (`until`: the end as the reader's clock shows it), and what else to do.
 */
export function lockSentence(lock: AccountLock, until: string): string {
  const minutes = `${lock.minutes} ${lock.minutes === 1 ? 'minute' : 'minutes'}`;
  return lock.lockedNow
    ? `Username or password not correct. After too many failed sign-ins in a row the account is now locked for ${minutes}, until ${until}.`
    : `This account is locked after too many failed sign-ins in a row. Try again in ${minutes} (after ${until}), or ask an admin to unlock it.`;
}
