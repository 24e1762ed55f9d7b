/** Subjects: creation, identity (correction, mismatches, possible duplicates), withdrawal. */
import { z } from 'zod';
import { calendarDate, isoDate, reason, sex, siteId, subjectStatus, timestamp, version } from './common.ts';
import { identifier } from './text.ts';
import { DUPLICATE_BASES } from './vocabulary.ts';

export const initials = z.string().regex(/^[A-Z]{1,3}$/, 'one to three capital letters');
/** Subject IDs in URLs are random UUIDs; anything else is a 404 like a subject of another site. */
export const subjectParams = z.strictObject({ id: identifier(64) });

export const subject = z.strictObject({
  id: z.string(),
  /** NCT05168163-<site code>-<nnn> */
  studyId: z.string(),
  siteId: z.string(),
  initials: z.string(),
  birthDate: isoDate,
  sex,
  status: subjectStatus,
  withdrawalReason: z.string().nullable(),
  createdAt: timestamp,
  version: z.number(),
});
export type Subject = z.infer<typeof subject>;

/** Another subject that may be the same person (any site); its IDs only for users who may see its site. */
export const possibleDuplicate = z.strictObject({
  subjectId: z.string().nullable(),
  studyId: z.string().nullable(),
  siteId: z.string().nullable(),
  sameSite: z.boolean(),
  status: subjectStatus,
  /** Same source identifier (the same person as the hospital records it) and/or initials + birth date + sex. */
  basis: z.array(z.enum(DUPLICATE_BASES)),
});
export type PossibleDuplicate = z.infer<typeof possibleDuplicate>;

export const newSubjectBody = z.strictObject({
  siteId,
  initials,
  birthDate: calendarDate,
  sex,
});
export type NewSubjectBody = z.infer<typeof newSubjectBody>;
export const createdSubject = subject.extend({ possibleDuplicates: z.array(possibleDuplicate) });
export type CreatedSubject = z.infer<typeof createdSubject>;
export const duplicateCheck = z.strictObject({ possibleDuplicates: z.array(possibleDuplicate) });
export type DuplicateCheck = z.infer<typeof duplicateCheck>;

export const subjectQuery = z.strictObject({
  siteId: siteId.optional(),
  status: subjectStatus.optional(),
  studyId: identifier(100).optional(),
});

export const subjectUpdateBody = z.strictObject({
  version,
  initials: initials.optional(),
  birthDate: calendarDate.optional(),
  sex: sex.optional(),
  reason,
  /** Why the uploaded records' patient is this subject although they differ from the corrected identity. */
  identityMismatchReason: reason.optional(),
});
export type SubjectUpdateBody = z.input<typeof subjectUpdateBody>;
export const withdrawBody = z.strictObject({ version, reason });

/** A field where a file's Patient (or a corrected identity) contradicts the subject. */
export const identityMismatch = z.strictObject({
  field: z.enum(['birthDate', 'sex', 'initials']),
  /** The subject's value. */
  subject: z.string(),
  /** The file's value (for initials: those its patient's names allow). */
  document: z.string(),
});
export type IdentityMismatch = z.infer<typeof identityMismatch>;
/** The detail of a 422 `identity_mismatch`. */
export const identityMismatchRefusal = z.object({
  code: z.literal('identity_mismatch'),
  mismatches: z.array(identityMismatch),
});
export type IdentityMismatchRefusal = z.infer<typeof identityMismatchRefusal>;
