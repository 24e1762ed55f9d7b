/** Field types shared by requests and responses: dates, reasons, roles, statuses, sexes. */
import { z } from 'zod';
import { identifier, multiLine } from './text.ts';
import { OVERALLS, RECRUITING_STATUSES, ROLES, SEXES, SUBJECT_STATUSES } from './vocabulary.ts';

/** A calendar date, YYYY-MM-DD. */
export const isoDate = z.iso.date();
/**
 * A calendar date a request gives (a birth date, a sample date, an as-of date): from 1900 to 2199.
 * Nothing in a trial lies outside, and PostgreSQL has no year 0 (`0000-01-01` was a 500).
 */
export const calendarDate = isoDate.refine(
  (date) => date >= '1900-01-01' && date <= '2199-12-31',
  'a date from 1900-01-01 to 2199-12-31',
);
/** A moment, as an ISO 8601 timestamp in UTC. */
export const timestamp = z.string();
/** Why submitted data change: kept in the audit trail (trimmed, NFC: the trail hashes what it stores). */
export const reason = multiLine(2000);
/** The version a change was made against (optimistic locking: 409 when it moved on); a PostgreSQL integer. */
export const version = z.number().int().positive().max(2_147_483_647);
/** A site's ID in a request (`mayo-clinic-in-rochester`). */
export const siteId = identifier(100);

export const role = z.enum(ROLES);
/** A role held study-wide (siteId null: admin, statistician) or at one site. */
export const roleAssignment = z.strictObject({ role, siteId: z.string().nullable() });
export type RoleAssignment = z.infer<typeof roleAssignment>;
const describeAssignment = (a: RoleAssignment) =>
  `${a.role} ${a.siteId === null ? 'study-wide' : `at ${a.siteId}`}`;
/**
 * The role assignments a request gives a user: each at most once (the same role at the same site twice
 * names the second), and no more than every role at every site.
 */
export const roleAssignments = z
  .array(z.strictObject({ role, siteId: siteId.nullable() }))
  .max(200)
  .superRefine((assignments, ctx) => {
    const seen = new Set<string>();
    assignments.forEach((a, i) => {
      const key = JSON.stringify([a.role, a.siteId]);
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `a role assignment not listed earlier: ${describeAssignment(a)} is listed twice`,
        });
      seen.add(key);
    });
  });

export const sex = z.enum(SEXES);

export const subjectStatus = z.enum(SUBJECT_STATUSES);

export const recruitingStatus = z.enum(RECRUITING_STATUSES);

export const overall = z.enum(OVERALLS);

/** Any JSON value (audit before/after, answers as stored). */
export const json = z.unknown();
