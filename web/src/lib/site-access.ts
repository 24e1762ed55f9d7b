/**
 * What the signed-in user may do with a subject, by the server's rules (src/store/access.ts): site
 * staff act only at their own sites; the statistician reads every site's subjects; the admin reads
 * none (accounts and sites only). The server decides; the pages use this only to show the pages and
 * actions that will be allowed.
 */
import type { Role, RoleAssignment } from '../contracts.ts';

/** The roles that read subjects' data (src/store/access.ts CLINICAL_ROLES). */
export const CLINICAL_ROLES: readonly Role[] = ['statistician', 'coordinator', 'investigator', 'monitor'];

/** True when the user may read subjects at all (an admin without a clinical role may not). */
export const readsSubjects = (assignments: readonly RoleAssignment[]): boolean =>
  assignments.some((a) => CLINICAL_ROLES.includes(a.role));

/** True when the user holds one of `roles` at `siteId`. */
export const holdsAt = (
  assignments: readonly RoleAssignment[],
  roles: readonly Role[],
  siteId: string,
): boolean => assignments.some((a) => roles.includes(a.role) && a.siteId === siteId);

/** The site IDs whose subjects the user may read, in `allSiteIds`' order. */
export function visibleSiteIds(
  assignments: readonly RoleAssignment[],
  allSiteIds: readonly string[],
): string[] {
  if (assignments.some((a) => a.role === 'statistician')) return [...allSiteIds];
  const own = new Set(assignments.filter((a) => a.siteId).map((a) => a.siteId as string));
  return allSiteIds.filter((id) => own.has(id));
}
