/**
 * Role assignments in the admin's forms: the rows as typed, their check, and text for people. The rules
 * are the server's (src/store/users.ts checkRoles, src/store/access.ts): admin and statistician are
 * study-wide and hold no site; coordinator, investigator and monitor hold per site. Errors are keyed
 * by the server's field paths (`roles.0.siteId`), so server and form errors land in the same place.
 */
import { ROLES, type Role, type RoleAssignment } from '../contracts.ts';
import type { FieldErrors } from './form-errors.ts';

export const STUDY_WIDE_ROLES: readonly Role[] = ['admin', 'statistician'];

export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
export const isStudyWide = (role: Role): boolean => STUDY_WIDE_ROLES.includes(role);

/** One row of the role editor, as the selects hold it ('' = nothing chosen yet). */
export interface RoleRow {
  role: Role | '';
  siteId: string;
}

export const emptyRoleRow = (): RoleRow => ({ role: '', siteId: '' });

export const rowsOf = (assignments: readonly RoleAssignment[]): RoleRow[] =>
  assignments.map((a) => ({ role: a.role, siteId: a.siteId ?? '' }));

/** Changing a row's role to a study-wide one clears its site: the select would otherwise keep a stale value. */
export function withRole(row: RoleRow, role: string): RoleRow {
  const next: Role | '' = isRole(role) ? role : '';
  return { role: next, siteId: next && isStudyWide(next) ? '' : row.siteId };
}

/**
 * The rows as assignments for the API, or the errors that stop them: a role for every row, a known
 * site for site roles, none for study-wide roles, no assignment twice, at least one row.
 */
export function checkRoleRows(
  rows: readonly RoleRow[],
  siteIds: readonly string[],
): { ok: true; roles: RoleAssignment[] } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const roles: RoleAssignment[] = [];
  const seen = new Set<string>();
  if (rows.length === 0) errors.roles = 'give the user at least one role';
  rows.forEach((row, i) => {
    if (!row.role) {
      errors[`roles.${i}.role`] = 'choose a role';
      return;
    }
    const siteId = isStudyWide(row.role) ? null : row.siteId || null;
    if (!isStudyWide(row.role) && !siteId) {
      errors[`roles.${i}.siteId`] = `${row.role} needs a site`;
      return;
    }
    if (siteId && !siteIds.includes(siteId)) {
      errors[`roles.${i}.siteId`] = `unknown site "${siteId}"`;
      return;
    }
    const key = `${row.role}@${siteId ?? '*'}`;
    if (seen.has(key)) {
      errors[`roles.${i}.role`] = 'this role is listed twice';
      return;
    }
    seen.add(key);
    roles.push({ role: row.role, siteId });
  });
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, roles };
}

/** "coordinator at Mayo Clinic in Arizona", "statistician (all sites)". */
export function describeRole(assignment: RoleAssignment, siteNames: ReadonlyMap<string, string>): string {
  if (assignment.siteId === null) return `${assignment.role} (all sites)`;
  return `${assignment.role} at ${siteNames.get(assignment.siteId) ?? assignment.siteId}`;
}

const roleKey = (a: RoleAssignment) => `${a.role}@${a.siteId ?? '*'}`;

/** Same assignments regardless of order (the server lists them sorted, the form in the admin's order). */
export function sameRoles(a: readonly RoleAssignment[], b: readonly RoleAssignment[]): boolean {
  const left = new Set(a.map(roleKey));
  const right = new Set(b.map(roleKey));
  return left.size === right.size && [...left].every((k) => right.has(k));
}
