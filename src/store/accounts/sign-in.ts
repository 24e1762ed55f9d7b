/**
 * Deciding a sign-in (or a password re-entered for a signature or a password change) so that
 * concurrent attempts cannot get around the counts (issue 14, item 5):
 *
 * - **Per address**: an attempt takes its place in its address's count before its password is checked
 *   (`reserveAttempt`: count and insert in one transaction under an advisory lock on the address), and
 *   a good sign-in takes its place back. Concurrent attempts cannot all pass a count none of them has
 *   added to yet: of 60 at once, 20 are tried.
 * - **Per account** (or per username without an account): the password is checked outside any
 *   transaction (argon2 is slow by design), then the outcome is decided under the account's row lock
 *   (a name's advisory lock): is it locked now, count the failure, lock at the fifth, or clear the
 *   count — reading the state the previous decision left. Every attempt is thus decided as if the
 *   attempts had come one after another in the order of their decisions: after the fifth failure
 *   nothing gets in, not even the right password that was checked while the others were.
 *
 * Failed sign-ins, lock-outs and wrong re-entered passwords are audit events (21 CFR 11.300(d):
 * attempts at unauthorized use are detected and recorded) written in the deciding transaction: no
 * password, and a username without an account only as its SHA-256.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Actor, recordAudit, recordAudits, sha256 } from '../audit.ts';
import type { Db, Sql } from '../database.ts';
import type { UserRow } from './users.ts';

/** Per client address: failed sign-ins counted over a sliding window. */
export const LOGIN_LIMITS = { perClient: 20, windowMinutes: 15 };

/** Wrong passwords lock an account: 5 in a row, for 15 minutes (sign-in, e-signature, password change). */
export const PASSWORD_LIMITS = { lockAfter: 5, lockMinutes: 15 };

/**
 * The advisory locks of sign-in decisions: class and a 32-bit hash of the address or name (two-key
 * locks do not meet the one-key locks of migrations and bootstrap; a hash collision only makes two
 * addresses wait for each other).
 */
const LOCK_CLASS = 5168165;
async function lockFor(tx: Sql, what: string): Promise<void> {
  const key = createHash('sha256').update(what).digest().readInt32BE(0);
  await tx.query('SELECT pg_advisory_xact_lock($1::int, $2::int)', [LOCK_CLASS, key]);
}

/**
 * Takes this attempt's place in the address's count of failures (every attempt counts as failed until
 * it succeeds); null when the address has used up its window (429).
 */
export async function reserveAttempt(db: Db, client: string, at: Date): Promise<string | null> {
  const since = new Date(at.getTime() - LOGIN_LIMITS.windowMinutes * 60_000).toISOString();
  return db.transaction(async (tx) => {
    await lockFor(tx, `client:${client}`);
    // Address rows age out with the window; a name's rows are kept a day (below).
    await tx.query("DELETE FROM login_failure WHERE at <= $1 AND client NOT LIKE 'name:%'", [since]);
    const recent = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM login_failure WHERE client = $1 AND at > $2',
      [client, since],
    );
    if ((recent.rows[0]?.n ?? 0) >= LOGIN_LIMITS.perClient) return null;
    const attempt = randomUUID();
    await tx.query('INSERT INTO login_failure (client, at, attempt) VALUES ($1, $2, $3)', [
      client,
      at.toISOString(),
      attempt,
    ]);
    return attempt;
  });
}

/** A good sign-in (or a right password awaiting its TOTP code) is not a failure of its address. */
export async function releaseAttempt(sql: Sql, attempt: string): Promise<void> {
  await sql.query('DELETE FROM login_failure WHERE attempt = $1', [attempt]);
}

/** What the sign-in found before deciding (outside the transaction). */
export interface SignInCheck {
  /** The name as typed, lower-cased. */
  username: string;
  /** The account as read before the password was checked; null when there is none of that name. */
  user: UserRow | null;
  /** The password matched `user.password_hash` as read (always false without an account). */
  passwordOk: boolean;
  /**
   * The account has TOTP: `missing` when no code came, the time step of the code, or null for a
   * wrong code. Undefined when the account has no TOTP.
   */
  totp?: 'missing' | number | null;
  /** The client address, for the audit trail. */
  client: string;
  requestId: string;
}

export type SignInDecision =
  | { kind: 'signed_in'; user: UserRow }
  /** The password was right; the account's TOTP code is asked for (not a failure). */
  | { kind: 'totp_required' }
  | { kind: 'failed' }
  | { kind: 'locked'; lockedUntil: string; lockedNow: boolean };

/** Who tries to sign in, in the audit trail: no one is signed in. */
const anonymous = (requestId: string): Actor => ({
  userId: null,
  username: 'anonymous',
  role: null,
  siteId: null,
  requestId,
});

const lockEnd = (at: Date) => new Date(at.getTime() + PASSWORD_LIMITS.lockMinutes * 60_000).toISOString();
const isLocked = (row: Pick<UserRow, 'locked_until'>, at: Date) =>
  row.locked_until !== null && Date.parse(row.locked_until) > at.getTime();

/** Decides one sign-in under the account's (or the name's) lock; see the file's comment. */
export async function decideSignIn(db: Db, check: SignInCheck, at: Date): Promise<SignInDecision> {
  if (!check.user) return decideUnknownName(db, check, at);
  const userId = check.user.id;
  const verifiedHash = check.user.password_hash;
  return db.transaction(async (tx) => {
    const row = (await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1 FOR UPDATE', [userId]))
      .rows[0];
    const actor = anonymous(check.requestId);
    const failure = (reason: string, changes: Record<string, { before: unknown; after: unknown }>) => ({
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: userId,
      siteId: null,
      changes: { client: { before: null, after: check.client }, ...changes },
      reason,
    });
    if (!row) {
      await recordAudit(tx, actor, at, failure('account removed', {}));
      return { kind: 'failed' };
    }
    if (isLocked(row, at)) {
      await recordAudit(tx, actor, at, failure('account locked', {}));
      return { kind: 'locked', lockedUntil: row.locked_until as string, lockedNow: false };
    }
    // A password changed (reset) since it was checked: the check was against the old one.
    const passwordOk = check.passwordOk && row.password_hash === verifiedHash;
    let reason: string | null = !row.active ? 'inactive account' : passwordOk ? null : 'wrong password';
    // TOTP enabled since the account was read: its code is asked for as well.
    const totpMissing = check.totp === 'missing' || (check.totp === undefined && row.totp_secret !== null);
    if (reason === null && totpMissing) return { kind: 'totp_required' };
    const step = typeof check.totp === 'number' ? check.totp : undefined;
    if (reason === null && check.totp !== undefined) {
      // A code is good once (RFC 6238 §5.2): one seen over a shoulder or in a log cannot sign in again.
      if (step === undefined) reason = 'wrong TOTP code';
      else if (row.totp_last_step !== null && row.totp_last_step >= step) reason = 'TOTP code used already';
    }
    if (reason === null) {
      await tx.query(
        'UPDATE app_user SET failed_logins = 0, locked_until = NULL, totp_last_step = coalesce($2, totp_last_step) WHERE id = $1',
        [userId, step ?? null],
      );
      return { kind: 'signed_in', user: row };
    }
    const counted = await countFailure(tx, row, at);
    await recordAudits(tx, actor, at, [
      failure(reason, { failedSignIns: { before: row.failed_logins, after: counted.failedLogins } }),
      ...(counted.lockedUntil ? [lockEvent(userId, counted.lockedUntil)] : []),
    ]);
    return counted.lockedUntil
      ? { kind: 'locked', lockedUntil: counted.lockedUntil, lockedNow: true }
      : { kind: 'failed' };
  });
}

const lockEvent = (entityId: string, lockedUntil: string, entityType = 'user') => ({
  action: 'auth.locked',
  entityType,
  entityId,
  siteId: null,
  changes: { lockedUntil: { before: null, after: lockedUntil } },
  reason: `${PASSWORD_LIMITS.lockAfter} failed sign-ins in a row`,
});

/**
 * Counts one wrong password (or TOTP code) against the account, locked by the caller. A lock that
 * has run out starts a new count at 1: otherwise the count would stay at 5 and the first typo after
 * the lock would lock the account again. Returns the new count and the lock this failure set, if any.
 */
async function countFailure(
  tx: Sql,
  row: UserRow,
  at: Date,
): Promise<{ failedLogins: number; lockedUntil: string | null }> {
  const failedLogins = row.locked_until === null ? row.failed_logins + 1 : 1;
  const lockedUntil = failedLogins >= PASSWORD_LIMITS.lockAfter ? lockEnd(at) : null;
  await tx.query('UPDATE app_user SET failed_logins = $2, locked_until = $3 WHERE id = $1', [
    row.id,
    failedLogins,
    lockedUntil,
  ]);
  return { failedLogins, lockedUntil };
}

export type PasswordAgainPurpose = 'signature' | 'password_change';

/**
 * A password re-entered by a signed-in user (e-signature, password change), decided like a sign-in
 * under the account's row lock: a wrong one counts against the account, and the one that locks it
 * ends all of the account's sessions. Returns whether the password was right and the account not locked.
 */
export async function decidePasswordAgain(
  db: Db,
  actor: Actor,
  check: { user: UserRow; passwordOk: boolean; purpose: PasswordAgainPurpose },
  at: Date,
): Promise<boolean> {
  const userId = check.user.id;
  return db.transaction(async (tx) => {
    const row = (await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1 FOR UPDATE', [userId]))
      .rows[0];
    if (!row) return false;
    const locked = isLocked(row, at);
    if (!locked && check.passwordOk && row.password_hash === check.user.password_hash) {
      if (row.failed_logins > 0 || row.locked_until !== null)
        await tx.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [userId]);
      return true;
    }
    const counted = locked ? null : await countFailure(tx, row, at);
    if (counted?.lockedUntil)
      await tx.query('UPDATE session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
        userId,
        at.toISOString(),
      ]);
    await recordAudits(tx, actor, at, [
      {
        action: check.purpose === 'signature' ? 'signature.password_failed' : 'auth.password_check_failed',
        entityType: 'user',
        entityId: userId,
        siteId: null,
        changes: counted ? { failedSignIns: { before: row.failed_logins, after: counted.failedLogins } } : {},
        reason: locked ? 'account locked' : 'wrong password',
      },
      ...(counted?.lockedUntil ? [lockEvent(userId, counted.lockedUntil)] : []),
    ]);
    return false;
  });
}

/**
 * When the lock that a series of failed sign-ins sets ends (ms), or null: 5 in a row lock for 15
 * minutes; a failure after a lock has run out starts a new count at 1. The same rule as countFailure,
 * over the failure times (ms, ascending) of a username without an account.
 */
export function lockAfterFailures(failures: readonly number[]): number | null {
  let count = 0;
  let until: number | null = null;
  for (const at of failures) {
    if (until !== null && at < until) continue; // not counted while locked (none are recorded)
    if (until !== null) {
      count = 0;
      until = null;
    }
    count++;
    if (count >= PASSWORD_LIMITS.lockAfter) until = at + PASSWORD_LIMITS.lockMinutes * 60_000;
  }
  return until;
}

/**
 * Failed sign-ins for a username that has no account, kept like an account's so that the lock is
 * announced for a name that does not exist exactly as for one that does (no enumeration through the
 * lock message: src/server/routes/auth.ts). They are login_failure rows whose `client` is
 * `name:<SHA-256 of the username>` (a client address never starts with "name:"; the hash, not the
 * name, because people type passwords into the username field). Unlike an account's count they are
 * forgotten after a day, so that the table stays small.
 */
const UNKNOWN_NAME_MEMORY_HOURS = 24;
const nameKey = (username: string) => `name:${sha256(username)}`;

/** Until when a username without an account is locked (ISO), or null. */
async function unknownNameLock(sql: Sql, key: string, at: Date): Promise<string | null> {
  const { rows } = await sql.query<{ at: string }>(
    'SELECT at FROM login_failure WHERE client = $1 AND at > $2 ORDER BY at',
    [key, new Date(at.getTime() - UNKNOWN_NAME_MEMORY_HOURS * 3600_000).toISOString()],
  );
  const until = lockAfterFailures(rows.map((r) => Date.parse(r.at)));
  return until !== null && until > at.getTime() ? new Date(until).toISOString() : null;
}

/** A sign-in under a username without an account: always a failure, counted like an account's. */
async function decideUnknownName(db: Db, check: SignInCheck, at: Date): Promise<SignInDecision> {
  const key = nameKey(check.username);
  return db.transaction(async (tx) => {
    await lockFor(tx, key);
    const failure = (reason: string) => ({
      action: 'auth.login_failed',
      entityType: 'username',
      entityId: key,
      siteId: null,
      changes: { client: { before: null, after: check.client } },
      reason,
    });
    const actor = anonymous(check.requestId);
    const locked = await unknownNameLock(tx, key, at);
    if (locked) {
      await recordAudit(tx, actor, at, failure('account locked'));
      return { kind: 'locked', lockedUntil: locked, lockedNow: false };
    }
    const forgotten = new Date(at.getTime() - UNKNOWN_NAME_MEMORY_HOURS * 3600_000).toISOString();
    await tx.query("DELETE FROM login_failure WHERE client LIKE 'name:%' AND at <= $1", [forgotten]);
    await tx.query('INSERT INTO login_failure (client, at) VALUES ($1, $2)', [key, at.toISOString()]);
    const lockedNow = await unknownNameLock(tx, key, at);
    await recordAudits(tx, actor, at, [
      failure('no account of that name'),
      ...(lockedNow ? [lockEvent(key, lockedNow, 'username')] : []),
    ]);
    return lockedNow ? { kind: 'locked', lockedUntil: lockedNow, lockedNow: true } : { kind: 'failed' };
  });
}
