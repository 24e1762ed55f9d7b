/**
 * A subject is one person: the patient of every FHIR upload must be the subject (birth date, sex, and
 * the initials where the file names the patient), and no person may be randomized twice.
 *
 * For duplicates the store keeps keyed hashes (HMAC-SHA256) of each document's source identifiers
 * (Patient.identifier system + value, e.g. the MRN) and of each subject's initials + birth date + sex —
 * never the identifier values. The key lives outside the database (TRIALKIT_IDENTITY_KEY or a key
 * file, src/store/environment.ts): a copy of the database alone cannot be matched against a list of
 * MRNs. The database keeps only the key's fingerprint, so a server started with another key is
 * refused instead of silently missing every duplicate. Decision record 0009.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type IdentityMismatch, REFUSAL_CODES } from '../../contracts/index.ts';
import type { SourcePatient } from '../../fhir/index.ts';
import type { Db, Sql } from '../database.ts';
import { TrialError } from '../errors.ts';

export interface IdentityFacts {
  initials: string;
  birthDate: string;
  sex: string;
}

export const MIN_IDENTITY_KEY_BYTES = 32;

/** The keyed hashes of identity facts; one key per trial database. */
export class IdentityKeys {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length < MIN_IDENTITY_KEY_BYTES)
      throw new Error(
        `the identity key has ${key.length} bytes; at least ${MIN_IDENTITY_KEY_BYTES} are needed`,
      );
    this.#key = Buffer.from(key);
  }

  #hash(...parts: string[]): string {
    // NUL separates the parts: no value can shift into its neighbour.
    return createHmac('sha256', this.#key).update(parts.join('\0')).digest('hex');
  }

  /** A source identifier: the system and the value as recorded (identifiers are case-sensitive). */
  identifier(system: string, value: string): string {
    return this.#hash('identifier', system.trim(), value.trim());
  }

  demographics(facts: IdentityFacts): string {
    return this.#hash('demographics', facts.initials.toUpperCase(), facts.birthDate, facts.sex);
  }

  /** Stored in the database to recognise the key later; says nothing about any person. */
  fingerprint(): string {
    return this.#hash('trialkit identity key fingerprint');
  }
}

/**
 * Refuses a key other than the one the database's hashes were made with (the first key is recorded).
 * Returns whether the key was recorded now (a new database).
 */
export async function checkIdentityKey(db: Db, keys: IdentityKeys, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.query('LOCK TABLE identity_key_fingerprint IN EXCLUSIVE MODE');
    const stored = (
      await tx.query<{ fingerprint: string }>('SELECT fingerprint FROM identity_key_fingerprint')
    ).rows[0];
    const mine = keys.fingerprint();
    if (!stored) {
      await tx.query('INSERT INTO identity_key_fingerprint (fingerprint, created_at) VALUES ($1, $2)', [
        mine,
        at.toISOString(),
      ]);
      return true;
    }
    if (!timingSafeEqual(Buffer.from(stored.fingerprint), Buffer.from(mine)))
      throw new Error(
        "the identity key is not the one this database's duplicate checks were made with: start with the " +
          'original key (TRIALKIT_IDENTITY_KEY or the key file)',
      );
    return false;
  });
}

export type { IdentityMismatch };
export type IdentityField = IdentityMismatch['field'];

/**
 * Where the file's patient contradicts the subject. What the file does not state (no name, no birth
 * date, gender "unknown") contradicts nothing; a partial birth date (1958 or 1958-09) must agree as far
 * as it goes.
 */
export function identityMismatches(subject: IdentityFacts, patient: SourcePatient): IdentityMismatch[] {
  const out: IdentityMismatch[] = [];
  if (patient.birthDate && !subject.birthDate.startsWith(patient.birthDate))
    out.push({ field: 'birthDate', subject: subject.birthDate, document: patient.birthDate });
  if (patient.sex && patient.sex !== 'unknown' && subject.sex !== 'unknown' && patient.sex !== subject.sex)
    out.push({ field: 'sex', subject: subject.sex, document: patient.sex });
  if (patient.initials.length && !patient.initials.includes(subject.initials.toUpperCase()))
    out.push({ field: 'initials', subject: subject.initials, document: patient.initials.join(' or ') });
  return out;
}

const FIELD_LABEL: Record<IdentityField, string> = {
  birthDate: 'birth date',
  sex: 'sex',
  initials: 'initials',
};

/** "birth date 1961-02-17 (subject) vs 1958-09-03 (file)", for messages. */
export const describeMismatches = (mismatches: readonly IdentityMismatch[]): string =>
  mismatches.map((m) => `${FIELD_LABEL[m.field]} ${m.subject} (subject) vs ${m.document} (file)`).join('; ');

/**
 * Refuses identity mismatches unless a person confirmed, with a reason, that the file's patient is the
 * subject (e.g. the subject's birth date was entered wrong and the file is right: correct the subject
 * instead). `what` names the file or change for the message.
 */
export function refuseMismatches(
  mismatches: readonly IdentityMismatch[],
  confirmation: string | undefined,
  what: string,
): string | null {
  if (!mismatches.length) return null;
  const reason = confirmation?.trim();
  if (reason) return reason;
  throw new TrialError(
    'refused',
    `${what}: the patient is not the subject as recorded — ${describeMismatches(mismatches)}. If it is the same person, confirm it with a reason (identityMismatchReason), or correct the subject's identity`,
    { code: REFUSAL_CODES.identityMismatch, mismatches },
  );
}

/** The audit trail's record of a confirmed mismatch: what differed and why it is the same patient. */
export const mismatchConfirmation = (mismatches: readonly IdentityMismatch[], reason: string) => ({
  identityMismatch: { before: null, after: describeMismatches(mismatches) },
  identityMismatchReason: { before: null, after: reason },
});

/** The keyed hashes of a document's source identifiers, de-duplicated. */
export const identifierKeys = (keys: IdentityKeys, patients: readonly SourcePatient[]): string[] => [
  ...new Set(patients.flatMap((p) => p.identifiers.map((id) => keys.identifier(id.system, id.value)))),
];

/** Stores a document's identifier hashes (the caller inserted the document in this transaction). */
export async function recordIdentifierKeys(
  tx: Sql,
  subjectId: string,
  documentId: string,
  hashes: readonly string[],
): Promise<void> {
  if (!hashes.length) return;
  await tx.query(
    `INSERT INTO subject_identifier_key (document_id, subject_id, key_hash)
     SELECT $1, $2, h FROM unnest($3::text[]) AS h ON CONFLICT DO NOTHING`,
    [documentId, subjectId, hashes],
  );
}
