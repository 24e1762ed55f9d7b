/**
 * Possible duplicates of a subject: other subjects (at any site) whose active documents carry the same
 * source identifier, or whose initials + birth date + sex are the same — compared by keyed hash
 * (src/store/subjects/identity.ts). A match warns; randomizing a subject whose source identifiers match an
 * already randomized subject is refused (src/store/randomization/randomization.ts).
 */

import type { PossibleDuplicate, SubjectStatus } from '../../contracts/index.ts';
import { sourcePatients } from '../../fhir/index.ts';
import { canSeeSite, type Principal } from '../access.ts';
import type { Sql } from '../database.ts';
import { type IdentityKeys, identifierKeys, recordIdentifierKeys } from './identity.ts';

export type DuplicateBasis = PossibleDuplicate['basis'][number];

interface MatchRow {
  id: string;
  study_id: string;
  site_id: string;
  status: SubjectStatus;
  basis: DuplicateBasis;
}

const BY_IDENTIFIER = `
  SELECT s.id, s.study_id, s.site_id, s.status, 'identifier' AS basis
    FROM subject_identifier_key k
    JOIN subject_document d ON d.id = k.document_id AND d.removed_at IS NULL
    JOIN subject s ON s.id = k.subject_id
   WHERE k.subject_id <> $1 AND k.key_hash = ANY($2::text[])`;

const BY_DEMOGRAPHICS = `
  SELECT s.id, s.study_id, s.site_id, s.status, 'demographics' AS basis
    FROM subject s WHERE s.id <> $1 AND s.demographics_key = $3`;

/** The identifier hashes of a subject's active documents. */
export async function subjectIdentifierKeys(sql: Sql, subjectId: string): Promise<string[]> {
  const { rows } = await sql.query<{ key_hash: string }>(
    `SELECT DISTINCT k.key_hash FROM subject_identifier_key k
       JOIN subject_document d ON d.id = k.document_id AND d.removed_at IS NULL
      WHERE k.subject_id = $1 ORDER BY k.key_hash`,
    [subjectId],
  );
  return rows.map((r) => r.key_hash);
}

/** Other subjects matching these hashes (`subjectId` excluded: pass the nil UUID for a subject not yet created). */
/**
 * The most possible duplicates listed for one subject: enough to act on, and a bound on the work of a
 * page that shows them (many subjects can share initials, birth date and sex in a test or a large trial).
 */
export const MAX_POSSIBLE_DUPLICATES = 20;

/** Other subjects matching these hashes, source-identifier matches first, at most MAX_POSSIBLE_DUPLICATES subjects. */
async function matches(
  sql: Sql,
  subjectId: string,
  identifierHashes: readonly string[],
  demographicsKey: string | null,
): Promise<MatchRow[]> {
  const { rows } = await sql.query<MatchRow>(
    `WITH found AS (${BY_IDENTIFIER} UNION ${BY_DEMOGRAPHICS}),
          ranked AS (SELECT id, bool_or(basis = 'identifier') AS same_person, min(study_id) AS study_id
                       FROM found GROUP BY id ORDER BY same_person DESC, study_id LIMIT $4)
     SELECT found.* FROM found JOIN ranked USING (id)
      ORDER BY ranked.same_person DESC, found.study_id, found.basis`,
    [subjectId, identifierHashes, demographicsKey, MAX_POSSIBLE_DUPLICATES],
  );
  return rows;
}

function views(who: Principal, siteId: string, rows: readonly MatchRow[]): PossibleDuplicate[] {
  const bySubject = new Map<string, PossibleDuplicate>();
  for (const r of rows) {
    const seen = bySubject.get(r.id);
    if (seen) {
      if (!seen.basis.includes(r.basis)) seen.basis.push(r.basis);
      continue;
    }
    const visible = canSeeSite(who, r.site_id);
    bySubject.set(r.id, {
      subjectId: visible ? r.id : null,
      studyId: visible ? r.study_id : null,
      siteId: visible ? r.site_id : null,
      sameSite: r.site_id === siteId,
      status: r.status,
      basis: [r.basis],
    });
  }
  // The stronger evidence first.
  for (const d of bySubject.values()) d.basis.sort((a, b) => BASIS_ORDER.indexOf(a) - BASIS_ORDER.indexOf(b));
  return [...bySubject.values()];
}

const BASIS_ORDER: readonly DuplicateBasis[] = ['identifier', 'demographics'];

const NO_SUBJECT = '00000000-0000-0000-0000-000000000000';

/** Possible duplicates of an existing subject, as the caller may see them. */
export async function duplicatesOfSubject(
  sql: Sql,
  who: Principal,
  subject: { id: string; site_id: string; demographics_key: string | null },
): Promise<PossibleDuplicate[]> {
  const hashes = await subjectIdentifierKeys(sql, subject.id);
  return views(who, subject.site_id, await matches(sql, subject.id, hashes, subject.demographics_key));
}

/** Subjects a new subject with these facts would duplicate (same initials, birth date and sex). */
export async function duplicatesOfNewSubject(
  sql: Sql,
  who: Principal,
  siteId: string,
  demographicsKey: string,
  subjectId = NO_SUBJECT,
): Promise<PossibleDuplicate[]> {
  return views(who, siteId, await matches(sql, subjectId, [], demographicsKey));
}

/**
 * Randomized subjects whose active documents share a source identifier with this subject's. With
 * `lock` (randomizing), takes a transaction-scoped advisory lock per identifier first, so two subjects
 * of one person randomized at the same moment are checked one after the other and the second sees the
 * first.
 */
export async function randomizedWithSameIdentifier(
  tx: Sql,
  subjectId: string,
  lock: boolean,
  /** The subject's identifier keys, when the caller has read them already. */
  known?: readonly string[],
): Promise<{ id: string; studyId: string; siteId: string }[]> {
  const hashes = known ?? (await subjectIdentifierKeys(tx, subjectId));
  if (!hashes.length) return [];
  if (lock) await lockIdentifierKeys(tx, hashes);
  const { rows } = await tx.query<MatchRow>(
    `${BY_IDENTIFIER} AND s.status = 'randomized' ORDER BY s.study_id`,
    [subjectId, hashes],
  );
  return [...new Map(rows.map((r) => [r.id, { id: r.id, studyId: r.study_id, siteId: r.site_id }])).values()];
}

/**
 * A transaction-scoped advisory lock per identifier hash, taken in one order (sorted), so two
 * transactions take the same locks alike (no deadlock). A batch of randomizations takes its subjects'
 * locks in one statement.
 */
export async function lockIdentifierKeys(tx: Sql, hashes: readonly string[]): Promise<void> {
  const keys = [...new Set(hashes.map((hash) => BigInt(`0x${hash.slice(0, 15)}`).toString()))];
  await tx.query('SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) AS k ORDER BY k', [keys]);
}

/**
 * `randomizedWithSameIdentifier` for many subjects at once (a batch of randomizations, under the locks
 * of `lockIdentifierKeys`): randomized subjects whose active documents carry any of these hashes, by
 * study ID, one row per subject and hash; the caller leaves out each subject itself.
 */
export async function randomizedWithIdentifiers(
  tx: Sql,
  hashes: readonly string[],
): Promise<{ id: string; studyId: string; siteId: string; keyHash: string }[]> {
  if (!hashes.length) return [];
  const { rows } = await tx.query<{ id: string; study_id: string; site_id: string; key_hash: string }>(
    // From the hashes' rows outwards, one index lookup each (LATERAL … LIMIT 1 and the scalar subquery
    // cannot be turned into joins): with stale statistics the planner scanned every randomized subject.
    `SELECT DISTINCT s.id, s.study_id, s.site_id, k.key_hash
       FROM subject_identifier_key k
       JOIN LATERAL (SELECT id, study_id, site_id FROM subject
                      WHERE id = k.subject_id AND status = 'randomized' LIMIT 1) s ON true
      WHERE k.key_hash = ANY($1::text[])
        AND (SELECT d.removed_at IS NULL FROM subject_document d WHERE d.id = k.document_id)
      ORDER BY s.study_id, k.key_hash`,
    [[...new Set(hashes)]],
  );
  return rows.map((r) => ({ id: r.id, studyId: r.study_id, siteId: r.site_id, keyHash: r.key_hash }));
}

/**
 * Hashes what was stored before the identity checks existed: subjects' demographics, documents'
 * identifiers. Runs at start-up; a no-op once everything is hashed.
 */
export async function hashUnhashedIdentities(
  tx: Sql,
  keys: IdentityKeys,
): Promise<{ subjects: number; documents: number }> {
  const subjects = (
    await tx.query<{ id: string; initials: string; birth_date: string; sex: string }>(
      'SELECT id, initials, birth_date, sex FROM subject WHERE demographics_key IS NULL',
    )
  ).rows;
  for (const s of subjects)
    await tx.query('UPDATE subject SET demographics_key = $2 WHERE id = $1', [
      s.id,
      keys.demographics({ initials: s.initials, birthDate: s.birth_date, sex: s.sex }),
    ]);
  const documents = (
    await tx.query<{ id: string; subject_id: string; resources: unknown[] }>(
      'SELECT id, subject_id, resources FROM subject_document WHERE NOT identifiers_hashed',
    )
  ).rows;
  for (const d of documents) {
    await recordIdentifierKeys(tx, d.subject_id, d.id, identifierKeys(keys, sourcePatients(d.resources)));
    await tx.query('UPDATE subject_document SET identifiers_hashed = true WHERE id = $1', [d.id]);
  }
  return { subjects: subjects.length, documents: documents.length };
}
