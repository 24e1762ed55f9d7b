/** Field types shared by requests and responses: dates, reasons, roles, statuses, sexes. */
import { z } from 'zod';
import { OVERALLS, RECRUITING_STATUSES, ROLES, SEXES, SUBJECT_STATUSES } from './vocabulary.ts';

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date();
/** A moment, as an ISO 8601 timestamp in UTC. */
export const timestamp = z.string();
/** Why submitted data change: kept in the audit trail. */
export const reason = z.string().trim().min(1).max(2000);
/** The version a change was made against (optimistic locking: 409 when it moved on). */
export const version = z.number().int().positive();

export const role = z.enum(ROLES);
/** A role held study-wide (siteId null: admin, statistician) or at one site. */
export const roleAssignment = z.strictObject({ role, siteId: z.string().nullable() });
export type RoleAssignment = z.infer<typeof roleAssignment>;

export const sex = z.enum(SEXES);

export const subjectStatus = z.enum(SUBJECT_STATUSES);

export const recruitingStatus = z.enum(RECRUITING_STATUSES);

export const overall = z.enum(OVERALLS);

/** Any JSON value (audit before/after, answers as stored). */
export const json = z.unknown();
