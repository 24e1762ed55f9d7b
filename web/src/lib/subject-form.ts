/**
 * The "New subject" form's checks, the same as the server's (POST /api/subjects): a site where the user
 * may enrol, initials of one to three capital letters, a real birth date not in the future, and a sex.
 * Minimal PHI by design: no names, no record numbers.
 */
import { SEXES, type Sex } from '../contracts.ts';
import { isIsoDate } from './answers.ts';

export interface NewSubjectInput {
  siteId: string;
  initials: string;
  birthDate: string;
  sex: string;
}

export type NewSubjectField = keyof NewSubjectInput;
export type FieldMessages = Partial<Record<NewSubjectField, string>>;

/** "a.b." or "ab" → "AB": people type initials many ways; the record keeps capitals only. */
export const normalizeInitials = (text: string): string => text.replace(/[\s.-]/g, '').toUpperCase();

export function validateNewSubject(
  input: NewSubjectInput,
  allowedSites: readonly string[],
  today: string,
): FieldMessages {
  const errors: FieldMessages = {};
  if (!input.siteId) errors.siteId = 'choose a site';
  else if (!allowedSites.includes(input.siteId))
    errors.siteId = 'you are not a coordinator or investigator at this site';
  const initials = normalizeInitials(input.initials);
  if (!/^[A-Z]{1,3}$/.test(initials)) errors.initials = 'one to three letters A–Z';
  // A date field reads '' while its date is incomplete.
  if (input.birthDate === '') errors.birthDate = 'enter the whole birth date';
  else if (!isIsoDate(input.birthDate)) errors.birthDate = 'enter a date as YYYY-MM-DD';
  else if (input.birthDate > today) errors.birthDate = `${input.birthDate} is in the future`;
  if (!SEXES.includes(input.sex as Sex)) errors.sex = 'choose one';
  return errors;
}

/** The form field an API error names (`body.initials`, `initials`, `answers.0.value`…): its last part. */
export function fieldOfPath(path: string): string {
  const parts = path.split('.').filter((p) => p !== 'body');
  return parts[parts.length - 1] ?? path;
}
