/**
 * The admin page's data and checks: users (GET /api/users), the forms that create and change them,
 * sites' recruiting status and the audit trail's verification. The server (src/server/routes/admin.ts)
 * decides; these checks let the admin fix a form before sending it, with errors keyed as the server
 * keys them.
 */
import {
  type AuditVerification,
  type NewUserBody,
  RECRUITING_STATUSES,
  type RecruitingStatus,
  type SiteStatusBody,
  USERNAME_PATTERN,
  USERNAME_RULE_TEXT,
  type User,
  type UserUpdateBody,
} from '../contracts.ts';
import type { FieldErrors } from './form-errors.ts';
import { passwordRuleError } from './passwords.ts';
import { checkRoleRows, type RoleRow, sameRoles } from './roles.ts';

export const MAX_REASON_LENGTH = 2000;

/** "2026-03-30 14:05 UTC": a timestamp as an ISO date and minute, in UTC so every reader sees the same. */
export function isoDateTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value);
  if (Number.isNaN(time)) return null;
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Locked now: a lock ends by itself at `lockedUntil` (src/store/users.ts PASSWORD_LIMITS). */
export const isLocked = (user: Pick<User, 'lockedUntil'>, now: Date): boolean =>
  user.lockedUntil !== null && Date.parse(user.lockedUntil) > now.getTime();

export function lockText(user: Pick<User, 'lockedUntil'>, now: Date): string {
  return isLocked(user, now) ? `Locked until ${isoDateTime(user.lockedUntil)}` : 'Not locked';
}

export function checkReason(reason: string): string | null {
  const text = reason.trim();
  if (!text) return 'say why (it is kept in the audit trail)';
  if (text.length > MAX_REASON_LENGTH)
    return `at most ${MAX_REASON_LENGTH} characters (this has ${text.length})`;
  return null;
}

export interface NewUserForm {
  username: string;
  displayName: string;
  password: string;
  roles: RoleRow[];
}

export function checkNewUser(
  form: NewUserForm,
  siteIds: readonly string[],
): { ok: true; body: NewUserBody } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const username = form.username.trim();
  if (!USERNAME_PATTERN.test(username)) errors.username = USERNAME_RULE_TEXT;
  const displayName = form.displayName.trim();
  if (!displayName) errors.displayName = 'enter the name people know the user by';
  else if (displayName.length > 200) errors.displayName = 'at most 200 characters';
  const password = passwordRuleError(form.password);
  if (password) errors.password = password;
  const roles = checkRoleRows(form.roles, siteIds);
  if (!roles.ok) Object.assign(errors, roles.errors);
  if (Object.keys(errors).length || !roles.ok) return { ok: false, errors };
  return { ok: true, body: { username, displayName, password: form.password, roles: roles.roles } };
}

export interface UserEditForm {
  displayName: string;
  active: boolean;
  roles: RoleRow[];
  unlock: boolean;
  reason: string;
}

export const editFormOf = (user: User): UserEditForm => ({
  displayName: user.displayName,
  active: user.active,
  roles: user.roles.map((r) => ({ role: r.role, siteId: r.siteId ?? '' })),
  unlock: false,
  reason: '',
});

/**
 * The PATCH body for what the admin changed (only the changed fields, so the audit trail records only
 * those), or the errors; `form` is the key for "nothing to change".
 */
export function userPatch(
  user: User,
  form: UserEditForm,
  siteIds: readonly string[],
  now: Date,
): { ok: true; body: UserUpdateBody } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const body: UserUpdateBody = { version: user.version, reason: form.reason.trim() };
  const displayName = form.displayName.trim();
  if (!displayName) errors.displayName = 'enter the name people know the user by';
  else if (displayName !== user.displayName) body.displayName = displayName;
  if (form.active !== user.active) body.active = form.active;
  const roles = checkRoleRows(form.roles, siteIds);
  if (!roles.ok) Object.assign(errors, roles.errors);
  else if (!sameRoles(roles.roles, user.roles)) body.roles = roles.roles;
  if (form.unlock && isLocked(user, now)) body.unlock = true;
  const changed = Object.keys(body).some((k) => k !== 'version' && k !== 'reason');
  if (!changed && !Object.keys(errors).length) errors.form = 'nothing changed';
  const reason = checkReason(form.reason);
  if (reason && changed) errors.reason = reason;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

export function checkPasswordReset(form: { password: string; reason: string }): FieldErrors {
  const errors: FieldErrors = {};
  const password = passwordRuleError(form.password);
  if (password) errors.password = password;
  const reason = checkReason(form.reason);
  if (reason) errors.reason = reason;
  return errors;
}

/** The audit trail's state in one sentence, whether it is intact, and every problem the server listed. */
export function auditSummary(v: AuditVerification): {
  ok: boolean;
  text: string;
  problems: { seq: number; problem: string }[];
} {
  const checked = v.keyChecked ? 'hash chain and MACs verified' : 'hash chain verified';
  if (v.ok)
    return {
      ok: true,
      text: `Audit trail intact: ${v.events.toLocaleString('en-US')} ${v.events === 1 ? 'event' : 'events'}, ${checked} to event ${v.headSeq.toLocaleString('en-US')}.`,
      problems: [],
    };
  const broken = v.firstBroken
    ? `first broken at event ${v.firstBroken.seq}: ${v.firstBroken.problem}`
    : 'the server did not say where';
  const count = v.brokenCount ?? v.broken?.length ?? 1;
  const listed = v.broken ?? (v.firstBroken ? [v.firstBroken] : []);
  return {
    ok: false,
    text: `Audit trail BROKEN — ${count > 1 ? `${count.toLocaleString('en-US')} problems, ` : ''}${broken}. ${v.events.toLocaleString('en-US')} events verified before it; the head records event ${v.headSeq}.`,
    problems: count > 1 ? listed : [],
  };
}

export const isRecruitingStatus = (value: string): value is RecruitingStatus =>
  (RECRUITING_STATUSES as readonly string[]).includes(value);

/** The PATCH /api/sites/:siteId body for a new recruiting status, or the errors that stop it. */
export function siteStatusPatch(
  site: { recruitingStatus: string; version: number } | undefined,
  status: string,
  reason: string,
): { ok: true; body: SiteStatusBody } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!site) errors.siteId = 'choose a site';
  if (!isRecruitingStatus(status)) errors.recruitingStatus = 'choose a status';
  else if (site && site.recruitingStatus === status)
    errors.recruitingStatus = 'the site has this status already';
  const why = checkReason(reason);
  if (why) errors.reason = why;
  if (!site || !isRecruitingStatus(status) || Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, body: { recruitingStatus: status, version: site.version, reason: reason.trim() } };
}
