/**
 * Who a signed-in user is and what their roles let them see. Roles (issue 5): `admin` and
 * `statistician` are study-wide; `coordinator`, `investigator` and `monitor` hold per site.
 * Site scope is decided here, once, and every subject-level query filters by `visibleSites`.
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

/** Sites whose subjects the principal may read: `'all'` for admin, statistician. */
export function visibleSites(p: Principal): 'all' | string[] {
  if (p.roles.some((r) => r.role === 'statistician' || r.role === 'admin')) return 'all';
  return [...new Set(p.roles.filter((r) => r.siteId).map((r) => r.siteId as string))];
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
    `this needs the role ${roles.join(' or ')}${siteId ? ` at site ${siteId}` : ''}; you have ${
      p.roles.map((r) => (r.siteId ? `${r.role}@${r.siteId}` : r.role)).join(', ') || 'no role'
    }`,
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
