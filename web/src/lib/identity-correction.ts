/**
 * Correcting a subject's identity (PATCH /api/subjects/:id) and withdrawing it from screening (POST
 * …/withdraw): the same checks as the new-subject form, plus a reason — the data were submitted — and
 * only the fields that change are sent.
 */
import type { Sex, Subject, SubjectUpdateBody } from '../contracts.ts';
import { normalizeInitials, validateNewSubject } from './subject-form.ts';

export interface IdentityInput {
  initials: string;
  birthDate: string;
  sex: string;
  reason: string;
}

export type IdentityField = keyof IdentityInput;

export interface IdentityCorrection {
  errors: Partial<Record<IdentityField, string>>;
  /** The PATCH body: the changed fields, the version read, the reason. Null while there are errors. */
  body: SubjectUpdateBody | null;
}

export function identityCorrection(
  subject: Subject,
  input: IdentityInput,
  today: string,
): IdentityCorrection {
  const { siteId: _site, ...errors }: Partial<Record<IdentityField | 'siteId', string>> = validateNewSubject(
    { ...input, siteId: subject.siteId },
    [subject.siteId],
    today,
  );
  const initials = normalizeInitials(input.initials);
  const changed = {
    ...(initials !== subject.initials ? { initials } : {}),
    ...(input.birthDate !== subject.birthDate ? { birthDate: input.birthDate } : {}),
    ...(input.sex !== subject.sex ? { sex: input.sex as Sex } : {}),
  };
  const out: IdentityCorrection['errors'] = { ...errors };
  if (!Object.keys(changed).length && !Object.keys(errors).length)
    out.initials = 'nothing to correct: change the initials, the birth date or the sex';
  if (!input.reason.trim()) out.reason = 'give the reason for the correction';
  return Object.keys(out).length
    ? { errors: out, body: null }
    : { errors: {}, body: { version: subject.version, reason: input.reason.trim(), ...changed } };
}

/** Withdrawal is for subjects not yet randomized (after it, the subject stays in the intention-to-treat set). */
export const canWithdraw = (subject: Pick<Subject, 'status'>): boolean =>
  subject.status !== 'randomized' && subject.status !== 'withdrawn';
