/**
 * Accounts and role assignments. Passwords are stored only as argon2id hashes; audit events say that a
 * password was set, never what it was.
 */

import { randomUUID } from 'node:crypto';
import { USERNAME_PATTERN, type User } from '../../contracts/index.ts';
import type { Principal, Role, RoleAssignment } from '../access.ts';
import { type Actor, fieldChanges, recordAudit, sha256 } from '../audit.ts';
import type { Sql } from '../database.ts';
import { notFound, staleVersion, TrialError } from '../errors.ts';
import { checkPasswordRule, hashPassword } from './passwords.ts';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  must_change_password: boolean;
  active: boolean;
  failed_logins: number;
  locked_until: string | null;
  totp_secret: string | null;
  totp_last_step: number | null;
  created_at: string;
  version: number;
}

export type UserView = User;

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  roles: RoleAssignment[];
  mustChangePassword?: boolean;
}

function checkRoles(roles: RoleAssignment[]): void {
  roles.forEach((r, i) => {
    const siteWide = r.role === 'admin' || r.role === 'statistician';
    if (siteWide !== (r.siteId === null))
      throw new TrialError(
        'invalid',
        `roles[${i}]: ${r.role} ${siteWide ? 'is study-wide: siteId must be null' : 'needs a siteId'}`,
        {
          fields: [{ path: `roles.${i}.siteId`, message: siteWide ? 'must be null' : 'required' }],
        },
      );
  });
}

async function checkSitesExist(tx: Sql, roles: RoleAssignment[]): Promise<void> {
  for (const [i, r] of roles.entries()) {
    if (!r.siteId) continue;
    const found = await tx.query('SELECT 1 FROM site WHERE id = $1', [r.siteId]);
    if (found.rowCount === 0)
      throw new TrialError('invalid', `roles[${i}].siteId: unknown site "${r.siteId}"`, {
        fields: [{ path: `roles.${i}.siteId`, message: `unknown site "${r.siteId}"` }],
      });
  }
}

/** The app_user.username rule of the schema, checked first so a bad name is a 400, not a constraint error. */
export const USERNAME_RULE = USERNAME_PATTERN;

async function insertRoles(tx: Sql, userId: string, roles: readonly RoleAssignment[]): Promise<void> {
  for (const r of roles)
    await tx.query('INSERT INTO role_assignment (id, user_id, role, site_id) VALUES ($1, $2, $3, $4)', [
      randomUUID(),
      userId,
      r.role,
      r.siteId,
    ]);
}

export async function createUser(tx: Sql, actor: Actor, at: Date, input: NewUser): Promise<UserView> {
  if (!USERNAME_RULE.test(input.username))
    throw new TrialError(
      'invalid',
      `username "${input.username}": expected 2 to 63 lower-case letters, digits, . _ -`,
      {
        fields: [{ path: 'username', message: 'lower-case letters, digits, . _ -; 2 to 63 characters' }],
      },
    );
  checkPasswordRule(input.password);
  checkRoles(input.roles);
  await checkSitesExist(tx, input.roles);
  const existing = await tx.query('SELECT 1 FROM app_user WHERE username = $1', [input.username]);
  if (existing.rowCount) throw new TrialError('conflict', `username "${input.username}" is taken`);
  const id = randomUUID();
  await tx.query(
    `INSERT INTO app_user (id, username, display_name, password_hash, must_change_password, created_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      id,
      input.username,
      input.displayName,
      await hashPassword(input.password),
      input.mustChangePassword ?? true,
      at.toISOString(),
    ],
  );
  await insertRoles(tx, id, input.roles);
  await recordAudit(tx, actor, at, {
    action: 'user.create',
    entityType: 'user',
    entityId: id,
    siteId: null,
    changes: fieldChanges(null, {
      username: input.username,
      displayName: input.displayName,
      password: '(set)',
      roles: input.roles,
    }),
  });
  return (await getUser(tx, id)) as UserView;
}

export async function rolesOf(sql: Sql, userId: string): Promise<RoleAssignment[]> {
  const { rows } = await sql.query<{ role: Role; site_id: string | null }>(
    'SELECT role, site_id FROM role_assignment WHERE user_id = $1 ORDER BY role, site_id',
    [userId],
  );
  return rows.map((r) => ({ role: r.role, siteId: r.site_id }));
}

const view = (u: UserRow, roles: RoleAssignment[]): UserView => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  active: u.active,
  mustChangePassword: u.must_change_password,
  lockedUntil: u.locked_until,
  totpEnabled: u.totp_secret !== null,
  roles,
  version: u.version,
});

export async function getUser(sql: Sql, id: string): Promise<UserView | null> {
  const u = (await sql.query<UserRow>('SELECT * FROM app_user WHERE id = $1', [id])).rows[0];
  return u ? view(u, await rolesOf(sql, id)) : null;
}

export async function listUsers(sql: Sql): Promise<UserView[]> {
  const users = (await sql.query<UserRow>('SELECT * FROM app_user ORDER BY username')).rows;
  const roles = (
    await sql.query<{ user_id: string; role: Role; site_id: string | null }>(
      'SELECT user_id, role, site_id FROM role_assignment ORDER BY role, site_id',
    )
  ).rows;
  return users.map((u) =>
    view(
      u,
      roles.filter((r) => r.user_id === u.id).map((r) => ({ role: r.role, siteId: r.site_id })),
    ),
  );
}

export async function userByUsername(sql: Sql, username: string): Promise<UserRow | null> {
  return (await sql.query<UserRow>('SELECT * FROM app_user WHERE username = $1', [username])).rows[0] ?? null;
}

export async function principalOf(sql: Sql, userId: string): Promise<Principal | null> {
  const u = (await sql.query<UserRow>('SELECT * FROM app_user WHERE id = $1 AND active', [userId])).rows[0];
  if (!u) return null;
  return { userId: u.id, username: u.username, displayName: u.display_name, roles: await rolesOf(sql, u.id) };
}

async function lockUser(tx: Sql, id: string, version?: number): Promise<UserRow> {
  const u = (await tx.query<UserRow>('SELECT * FROM app_user WHERE id = $1 FOR UPDATE', [id])).rows[0];
  if (!u) throw notFound('user');
  if (version !== undefined && u.version !== version) throw staleVersion('user', version, u.version);
  return u;
}

export interface UserUpdate {
  version: number;
  displayName?: string;
  active?: boolean;
  roles?: RoleAssignment[];
  /** Unlocks a locked account. */
  unlock?: boolean;
  reason: string;
}

export async function updateUser(
  tx: Sql,
  actor: Actor,
  at: Date,
  id: string,
  update: UserUpdate,
): Promise<UserView> {
  const u = await lockUser(tx, id, update.version);
  const removesOwnAdmin = update.roles !== undefined && !update.roles.some((r) => r.role === 'admin');
  if (actor.userId === id && (update.active === false || removesOwnAdmin))
    throw new TrialError(
      'refused',
      'you cannot deactivate yourself or remove your own admin role: ask another admin',
    );
  const before = {
    displayName: u.display_name,
    active: u.active,
    lockedUntil: u.locked_until,
    roles: await rolesOf(tx, id),
  };
  if (update.roles) {
    checkRoles(update.roles);
    await checkSitesExist(tx, update.roles);
    await tx.query('DELETE FROM role_assignment WHERE user_id = $1', [id]);
    await insertRoles(tx, id, update.roles);
  }
  await tx.query(
    `UPDATE app_user SET display_name = $2, active = $3, locked_until = $4, failed_logins = $5, version = version + 1 WHERE id = $1`,
    [
      id,
      update.displayName ?? u.display_name,
      update.active ?? u.active,
      update.unlock ? null : u.locked_until,
      update.unlock ? 0 : u.failed_logins,
    ],
  );
  const admins = await tx.query(
    "SELECT 1 FROM app_user u JOIN role_assignment r ON r.user_id = u.id WHERE u.active AND r.role = 'admin' LIMIT 1",
  );
  if (!admins.rowCount) throw new TrialError('refused', 'this change would leave no active admin');
  if (update.active === false)
    await tx.query('UPDATE session SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [
      id,
      at.toISOString(),
    ]);
  const after = (await getUser(tx, id)) as UserView;
  await recordAudit(tx, actor, at, {
    action: 'user.update',
    entityType: 'user',
    entityId: id,
    siteId: null,
    changes: fieldChanges(before, {
      displayName: after.displayName,
      active: after.active,
      lockedUntil: after.lockedUntil,
      roles: after.roles,
    }),
    reason: update.reason,
  });
  return after;
}

/** Sets a new password (the caller has checked the old one, or is an admin resetting it). */
export async function setPassword(
  tx: Sql,
  actor: Actor,
  at: Date,
  id: string,
  password: string,
  options: { mustChange: boolean; reason?: string },
): Promise<void> {
  checkPasswordRule(password, 'newPassword');
  await lockUser(tx, id);
  await tx.query(
    'UPDATE app_user SET password_hash = $2, must_change_password = $3, version = version + 1 WHERE id = $1',
    [id, await hashPassword(password), options.mustChange],
  );
  await recordAudit(tx, actor, at, {
    action: options.mustChange ? 'user.password_reset' : 'user.password_change',
    entityType: 'user',
    entityId: id,
    siteId: null,
    changes: { password: { before: '(set)', after: '(changed)' } },
    reason: options.reason ?? null,
  });
}

export async function setTotpSecret(
  tx: Sql,
  actor: Actor,
  at: Date,
  id: string,
  secret: string | null,
): Promise<void> {
  await lockUser(tx, id);
  await tx.query('UPDATE app_user SET totp_secret = $2, version = version + 1 WHERE id = $1', [id, secret]);
  await recordAudit(tx, actor, at, {
    action: secret ? 'user.totp_enable' : 'user.totp_disable',
    entityType: 'user',
    entityId: id,
    siteId: null,
    changes: { totp: { before: secret ? 'off' : 'on', after: secret ? 'on' : 'off' } },
  });
}

/** Wrong passwords lock an account: 5 in a row, for 15 minutes (sign-in, e-signature, password change). */
export const PASSWORD_LIMITS = { lockAfter: 5, lockMinutes: 15 };

/**
 * Counts one wrong password (or TOTP code) against the account; returns true when this one locked it.
 * A lock that has run out starts a new count at 1: otherwise the count would stay at 5 and the first
 * typo after the lock would lock the account again.
 */
export async function recordPasswordFailure(sql: Sql, userId: string, at: Date): Promise<boolean> {
  const { rows } = await sql.query<{ locked: boolean }>(
    `UPDATE app_user SET
       failed_logins = CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END,
       locked_until = CASE WHEN (CASE WHEN locked_until IS NULL THEN failed_logins + 1 ELSE 1 END) >= $2
                      THEN $3::timestamptz END
     WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $4::timestamptz)
     RETURNING locked_until IS NOT NULL AS locked`,
    [
      userId,
      PASSWORD_LIMITS.lockAfter,
      new Date(at.getTime() + PASSWORD_LIMITS.lockMinutes * 60_000).toISOString(),
      at.toISOString(),
    ],
  );
  return rows[0]?.locked ?? false;
}

export async function clearPasswordFailures(sql: Sql, userId: string): Promise<void> {
  await sql.query('UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE id = $1', [userId]);
}

/** Marks a TOTP step used; false when it (or a later one) was used already — a replayed code. */
export async function consumeTotpStep(sql: Sql, userId: string, step: number): Promise<boolean> {
  const updated = await sql.query(
    'UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
    [userId, step],
  );
  return updated.rowCount === 1;
}

/**
 * When the lock that a series of failed sign-ins sets ends (ms), or null: 5 in a row lock for 15
 * minutes; a failure after a lock has run out starts a new count at 1. The same rule as
 * recordPasswordFailure, over the failure times (ms, ascending) of a username without an account.
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
export async function unknownNameLock(sql: Sql, username: string, at: Date): Promise<string | null> {
  const { rows } = await sql.query<{ at: string }>(
    'SELECT at FROM login_failure WHERE client = $1 AND at > $2 ORDER BY at',
    [nameKey(username), new Date(at.getTime() - UNKNOWN_NAME_MEMORY_HOURS * 3600_000).toISOString()],
  );
  const until = lockAfterFailures(rows.map((r) => Date.parse(r.at)));
  return until !== null && until > at.getTime() ? new Date(until).toISOString() : null;
}

/** Counts one failed sign-in against a username without an account; returns the lock this one set, if any. */
export async function recordUnknownNameFailure(sql: Sql, username: string, at: Date): Promise<string | null> {
  const forgotten = new Date(at.getTime() - UNKNOWN_NAME_MEMORY_HOURS * 3600_000).toISOString();
  await sql.query("DELETE FROM login_failure WHERE client LIKE 'name:%' AND at <= $1", [forgotten]);
  // Counted only outside a lock, as for an account.
  if (await unknownNameLock(sql, username, at)) return null;
  await sql.query('INSERT INTO login_failure (client, at) VALUES ($1, $2)', [
    nameKey(username),
    at.toISOString(),
  ]);
  return unknownNameLock(sql, username, at);
}
