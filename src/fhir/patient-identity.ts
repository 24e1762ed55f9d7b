/**
 * Who a FHIR upload is about: each Patient resource's birth date, administrative sex, the initials its
 * names allow, and its source identifiers (system + value, e.g. the hospital's MRN). The store compares
 * these with the subject's identity and keeps only keyed hashes of the identifiers (never the values).
 */
import type { HumanName, Identifier, Patient } from '@medplum/fhirtypes';
import { arr, str } from './values.ts';

export interface SourcePatient {
  /** Patient.id, when the resource has one. */
  patientId: string | null;
  /** Patient.birthDate as written (YYYY, YYYY-MM or YYYY-MM-DD), when present and well-formed. */
  birthDate: string | null;
  /** Patient.gender when it is a FHIR administrative gender. */
  sex: 'male' | 'female' | 'other' | 'unknown' | null;
  /**
   * The initials the patient's names allow, upper-case A–Z: first given + family, every given +
   * family, and a lone given or family name's initial. Empty when no name is recorded.
   */
  initials: string[];
  /** Patient.identifier entries with a value (system '' when absent), trimmed. */
  identifiers: { system: string; value: string }[];
}

const SEXES = new Set(['male', 'female', 'other', 'unknown']);
const BIRTH_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
/** Letters NFD does not decompose into a Latin base letter. */
const LATIN_BASE: Record<string, string> = { Ø: 'O', Æ: 'A', Œ: 'O', Ł: 'L', Đ: 'D', Þ: 'T', ẞ: 'S' };

/** A name part's initial as an A–Z letter ("Éva" → E, "Øyvind" → O, "'t Hooft" → T), or null. */
function initialOf(part: string): string | null {
  const letters = part
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[ØÆŒŁĐÞẞ]/gu, (c) => LATIN_BASE[c] ?? c)
    .replace(/[^A-Z]/g, '');
  return letters[0] ?? null;
}

/** The initials one HumanName allows; from `text` ("Arne B. Lindqvist") when it has no parts. */
function nameInitials(name: HumanName): string[] {
  let given = arr(name.given).flatMap((g) => (typeof g === 'string' ? g.split(/[\s-]+/) : []));
  let family = str(name.family);
  if (!given.length && !family) {
    const words = (str(name.text) ?? '').split(/\s+/).filter(Boolean);
    family = words.length > 1 ? words.at(-1) : undefined;
    given = words.length > 1 ? words.slice(0, -1) : words;
  }
  const givenInitials = given.map(initialOf).filter((c): c is string => c !== null);
  const familyInitial = family ? initialOf(family) : null;
  const out = new Set<string>();
  const first = givenInitials[0];
  if (first && familyInitial) {
    out.add(first + familyInitial);
    out.add(givenInitials.join('') + familyInitial);
  } else if (first) out.add(givenInitials.join(''));
  else if (familyInitial) out.add(familyInitial);
  if (!familyInitial && first) out.add(first);
  return [...out];
}

const identifiersOf = (identifiers: readonly Identifier[]) =>
  identifiers.flatMap((id) => {
    const value = str(id?.value);
    return value ? [{ system: str(id.system) ?? '', value }] : [];
  });

/** Every Patient resource among `resources`, as the identity it states. */
export function sourcePatients(resources: readonly unknown[]): SourcePatient[] {
  return resources
    .filter(
      (r): r is Patient =>
        typeof r === 'object' && r !== null && (r as { resourceType?: unknown }).resourceType === 'Patient',
    )
    .map((patient) => {
      const birth = str(patient.birthDate);
      const gender = patient.gender as unknown;
      return {
        patientId: str(patient.id) ?? null,
        birthDate: birth && BIRTH_DATE.test(birth) ? birth : null,
        sex: typeof gender === 'string' && SEXES.has(gender) ? (gender as SourcePatient['sex']) : null,
        initials: [...new Set(arr(patient.name).flatMap((n) => (n ? nameInitials(n) : [])))],
        identifiers: identifiersOf(arr(patient.identifier)),
      };
    });
}
