/**
 * Accounts and role assignments. Passwords are stored only as argon2id hashes; audit events say that a
 * password was set, never what it was.
 */

import { randomUUID } from 'node:crypto';
import { USERNAME_PATTERN, type User } from '../../contracts/index.ts';
import type { Principal, Role, RoleAssignment } from '../access.ts';
import { type Actor, fieldChanges, recordAudit } from '../audit.ts';
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

/** Advisory lock of the changes that may take away an active admin (5168163, 5168164: migrations, bootstrap). */
const ADMIN_CHANGES_LOCK = 5168166;

const roleKey = (r: RoleAssignment) => `${r.role}@${r.siteId ?? ''}`;
const sameRoles = (a: readonly RoleAssignment[], b: readonly RoleAssignment[]) => {
  const set = new Set(a.map(roleKey));
  return set.size === new Set(b.map(roleKey)).size && b.every((r) => set.has(roleKey(r)));
};

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
  // Changes that may take away an active admin wait for each other: two admins deactivating each
  // other at once would each still see the other active and leave none (READ COMMITTED reads only
  // committed rows). Taken before the user's row lock, so the two orders cannot deadlock.
  if (update.active === false || update.roles !== undefined)
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_CHANGES_LOCK]);
  const u = await lockUser(tx, id, update.version);
  const before = {
    displayName: u.display_name,
    active: u.active,
    lockedUntil: u.locked_until,
    roles: await rolesOf(tx, id),
  };
  if (actor.userId === id && update.active === false)
    throw new TrialError('refused', 'you cannot deactivate yourself: ask another admin');
  // Separation of duties: an admin manages accounts but does not hand roles to themselves — not the
  // statistician's (allocation lists, unblinded) nor a site's clinical roles, nor take their own
  // admin role away. A change to one's own roles needs a second admin, so no one person both grants
  // and uses a role.
  if (actor.userId === id && update.roles !== undefined && !sameRoles(update.roles, before.roles))
    throw new TrialError('refused', 'you cannot change your own roles: ask another admin');
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
