/**
 * Who a signed-in user is and what their roles let them see. Roles (issue 5): `admin` and
 * `statistician` are study-wide; `coordinator`, `investigator` and `monitor` hold per site.
 * Site scope is decided here, once, and every subject-level query filters by `visibleSites`.
 *
 * Subjects' clinical data (subjects, documents, screening, signatures, randomization receipts, the
 * screening log) are read by the clinical roles only: the statistician study-wide, the site roles at
 * their sites. The admin manages accounts and sites and verifies the audit chain; it reads no
 * subject's data unless it also holds a clinical role (issue 14: "admins read every site's clinical
 * data although the role is meant for accounts and sites"). The dashboard shows an admin the
 * study's counts without a subject row (`countScope`).
 */
import type { Role, RoleAssignment } from '../contracts/index.ts';
import type { Actor } from './audit.ts';
import { TrialError } from './errors.ts';

export { ROLES } from '../contracts/index.ts';
export type { Role, RoleAssignment };
export const SITE_ROLES: readonly Role[] = ['coordinator', 'investigator', 'monitor'];

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleAssignment[];
  requestId?: string;
}

export const hasRole = (p: Principal, role: Role, siteId?: string): boolean =>
  p.roles.some((r) => r.role === role && (siteId === undefined || r.siteId === null || r.siteId === siteId));

/** The roles that read subjects' clinical data: the statistician study-wide, the others at their sites. */
export const CLINICAL_ROLES: readonly Role[] = ['statistician', ...SITE_ROLES];

export const readsClinicalData = (p: Principal): boolean =>
  p.roles.some((r) => CLINICAL_ROLES.includes(r.role));

const rolesText = (p: Principal): string =>
  p.roles.map((r) => (r.siteId ? `${r.role}@${r.siteId}` : r.role)).join(', ') || 'no role';

/** A 403 unless the principal holds a clinical role (see the file's comment). */
export function requireClinicalRole(p: Principal): void {
  if (!readsClinicalData(p))
    throw new TrialError(
      'forbidden',
      `subjects' data are for the statistician and the sites' coordinators, investigators and monitors; you have ${rolesText(p)}`,
    );
}

/**
 * Sites whose subjects the principal may read: `'all'` for the statistician, the sites of its site
 * roles otherwise; a 403 for a principal without a clinical role (an admin only).
 */
export function visibleSites(p: Principal): 'all' | string[] {
  requireClinicalRole(p);
  if (hasRole(p, 'statistician')) return 'all';
  return [...new Set(p.roles.filter((r) => r.siteId).map((r) => r.siteId as string))];
}

/**
 * Whose numbers the dashboard counts: the sites the principal reads, with their subjects' rows; for
 * an admin without a clinical role the whole study, as counts only (no study ID, no subject's row);
 * for a user without a role, nothing.
 */
export function countScope(p: Principal): { sites: 'all' | string[]; subjectRows: boolean } {
  if (readsClinicalData(p)) return { sites: visibleSites(p), subjectRows: true };
  return { sites: hasRole(p, 'admin') ? 'all' : [], subjectRows: false };
}

export function canSeeSite(p: Principal, siteId: string): boolean {
  const sites = visibleSites(p);
  return sites === 'all' || sites.includes(siteId);
}

/** The first of `roles` the principal holds at `siteId`, or a 403 naming what is needed. */
export function requireRole(p: Principal, roles: readonly Role[], siteId?: string): Role {
  for (const role of roles) if (hasRole(p, role, siteId)) return role;
  throw new TrialError(
    'forbidden',
    `this needs the role ${roles.join(' or ')}${siteId ? ` at site ${siteId}` : ''}; you have ${rolesText(p)}`,
  );
}

export function actorOf(p: Principal, role: Role | null, siteId: string | null): Actor {
  return {
    userId: p.userId,
    username: p.username,
    role,
    siteId,
    ...(p.requestId ? { requestId: p.requestId } : {}),
  };
}
