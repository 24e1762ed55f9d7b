/**
 * The preconditions of a batch of randomizations, read set-wise: a statement per kind of fact for the
 * whole batch (its subjects' row locks, then their receipts, screening, signatures and identifiers, then
 * the identifiers' advisory locks and the randomized subjects sharing them), not a dozen per subject.
 * One subject's refusal is decided here in JS, so it cannot touch the others and no savepoint is needed.
 * The refusals are those of `randomizationReadiness` (randomization.ts): the same blockers, codes and
 * messages, in the same order, from the same pure functions.
 *
 * Everything is read after the subjects' row locks are held, each in a statement of its own (a statement
 * that waits for a lock still sees the snapshot it started with); the randomized twins after the
 * identifiers' advisory locks, so two subjects of one person in two batches are checked one after the other.
 */
import { inputAt, REFUSAL_CODES, type Receipt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import { type FactorValues, stratumKey } from '../../randomization/index.ts';
import { canSeeSite, type Principal, type Role, requireRole } from '../access.ts';
import type { Sql } from '../database.ts';
import { notFound, TrialError } from '../errors.ts';
import { lockIdentifierKeys, randomizedWithIdentifiers } from '../subjects/duplicates.ts';
import { type Blocker, type EpisodeFacts, eligibilityOf, type SignatureRow } from '../subjects/signatures.ts';
import { isSubjectId, SITE_EDITORS, type SubjectRow } from '../subjects/subjects.ts';
import {
  type ActiveList,
  type AllocationRow,
  RECEIPT_COLUMNS,
  readinessBlockers,
  receiptFrom,
} from './randomization.ts';

export interface RandomizationRequest {
  who: Principal;
  /** Today in the trial's time zone (YYYY-MM-DD): the screening must be as of this day. */
  today: string;
  subjectId: string;
  factors: FactorValues;
}

/** A request that passed every check: what its allocation needs. */
export interface Checked {
  row: SubjectRow;
  role: Role;
  list: ActiveList;
  stratum: string;
  episodeId: string;
  signatureId: string;
  identifiers: string[];
}

export type Check = { receipt: Receipt } | { error: unknown } | Checked;

export const refusal = (row: SubjectRow, blockers: readonly Blocker[]) =>
  new TrialError(
    'refused',
    `cannot randomize ${row.study_id}: ${blockers.map((b) => b.message).join('; ')}`,
    {
      code: REFUSAL_CODES.preconditions,
      preconditions: blockers,
    },
  );

/** One row per subject: its receipt (a_*), latest episode (e_*) and its latest signature (g_*), keys, list (l_*). */
interface FactsRow {
  subject: string;
  a_subject_id: string | null;
  a_arm: string;
  a_stratum: string;
  a_sequence: number;
  a_randomized_at: string;
  a_randomized_by_name: string;
  e_id: string | null;
  e_number: number;
  e_as_of: string;
  e_overall: EpisodeFacts['overall'];
  e_failing: string[];
  e_result_sha256: string;
  e_stratification: Record<string, string>;
  g_id: string | null;
  g_episode_id: string;
  g_signer_id: string;
  g_signer_name: string;
  g_meaning: string;
  g_result_sha256: string;
  g_signed_at: string;
  identifiers: string[];
  l_id: string | null;
  l_config: ActiveList['config'];
  l_minimization_seed: string | null;
}

// The queries of receiptOf, eligibilityState, subjectIdentifierKeys and randomizationReadiness's list,
// for every subject of the batch in one statement. Each subject's rows are found by index (LATERAL … LIMIT
// and the scalar subquery are not turned into joins): right after many subjects were added, before
// statistics catch up, the planner otherwise scanned allocation and subject_document whole, per batch.
const FACTS = `
  SELECT r.id AS subject,
         a.subject_id AS a_subject_id, a.arm AS a_arm, a.stratum AS a_stratum, a.sequence AS a_sequence,
         a.randomized_at AS a_randomized_at, a.randomized_by_name AS a_randomized_by_name,
         e.id AS e_id, e.number AS e_number, e.as_of AS e_as_of, e.overall AS e_overall, e.failing AS e_failing,
         e.result_sha256 AS e_result_sha256, e.stratification AS e_stratification,
         g.id AS g_id, g.episode_id AS g_episode_id, g.signer_id AS g_signer_id, g.signer_name AS g_signer_name,
         g.meaning AS g_meaning, g.result_sha256 AS g_result_sha256, g.signed_at AS g_signed_at,
         ARRAY(SELECT DISTINCT k.key_hash FROM subject_identifier_key k
                WHERE k.subject_id = r.id AND (SELECT d.removed_at IS NULL FROM subject_document d WHERE d.id = k.document_id)
                ORDER BY k.key_hash) AS identifiers,
         l.id AS l_id, l.config AS l_config, l.minimization_seed AS l_minimization_seed
    FROM unnest($1::uuid[]) AS r(id)
    LEFT JOIN LATERAL (SELECT ${RECEIPT_COLUMNS} FROM allocation a JOIN app_user u ON u.id = a.randomized_by
                        WHERE a.subject_id = r.id LIMIT 1) a ON true
    LEFT JOIN LATERAL (SELECT id, number, as_of, overall, failing, result_sha256, stratification
                         FROM screening_episode WHERE subject_id = r.id ORDER BY number DESC LIMIT 1) e ON true
    LEFT JOIN LATERAL (SELECT * FROM signature WHERE episode_id = e.id ORDER BY signed_at DESC LIMIT 1) g ON true
    LEFT JOIN (SELECT id, config, minimization_seed FROM randomization_list
                WHERE protocol_id = $2 AND active AND NOT rehearsal LIMIT 1) l ON true`;

const allocationOf = (f: FactsRow): AllocationRow | undefined =>
  f.a_subject_id === null
    ? undefined
    : {
        subject_id: f.a_subject_id,
        arm: f.a_arm,
        stratum: f.a_stratum,
        sequence: f.a_sequence,
        randomized_at: f.a_randomized_at,
        randomized_by_name: f.a_randomized_by_name,
      };

const episodeOf = (f: FactsRow): EpisodeFacts | undefined =>
  f.e_id === null
    ? undefined
    : {
        id: f.e_id,
        number: f.e_number,
        as_of: f.e_as_of,
        overall: f.e_overall,
        failing: f.e_failing,
        result_sha256: f.e_result_sha256,
        stratification: f.e_stratification,
      };

const signatureOf = (f: FactsRow): SignatureRow | undefined =>
  f.g_id === null
    ? undefined
    : {
        id: f.g_id,
        episode_id: f.g_episode_id,
        signer_id: f.g_signer_id,
        signer_name: f.g_signer_name,
        meaning: f.g_meaning,
        result_sha256: f.g_result_sha256,
        signed_at: f.g_signed_at,
      };

const listOf = (f: FactsRow): ActiveList | null =>
  f.l_id === null ? null : { id: f.l_id, config: f.l_config, minimization_seed: f.l_minimization_seed };

/**
 * Checks `requests` (one per subject) in `tx`, as `randomizationReadiness` with `lock` would one by one:
 * the subject's row lock (a 404 for a subject the caller may not see), the role, an earlier receipt,
 * then every precondition. One result per request, in order.
 */
export async function checkRequests(
  tx: Sql,
  protocol: Protocol,
  requests: readonly RandomizationRequest[],
): Promise<Check[]> {
  const ids = [...new Set(requests.map((r) => r.subjectId.toLowerCase()).filter(isSubjectId))];
  // In one order (by ID): two batches asking for the same subjects lock them alike (no deadlock).
  const rows = ids.length
    ? (
        await tx.query<SubjectRow>(
          'SELECT * FROM subject WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE',
          [ids],
        )
      ).rows
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const checks: Check[] = new Array(requests.length);
  const seen: { index: number; row: SubjectRow; role: Role }[] = [];
  for (const [index, { who, subjectId }] of requests.entries()) {
    const row = isSubjectId(subjectId) ? byId.get(subjectId.toLowerCase()) : undefined;
    try {
      if (!row || !canSeeSite(who, row.site_id)) throw notFound('subject');
      seen.push({ index, row, role: requireRole(who, SITE_EDITORS, row.site_id) });
    } catch (error) {
      checks[index] = { error };
    }
  }
  if (!seen.length) return checks;
  const { rows: facts } = await tx.query<FactsRow>(FACTS, [seen.map((s) => s.row.id), protocol.registry.id]);
  const factsOf = new Map(facts.map((f) => [f.subject, f]));
  const open: { index: number; row: SubjectRow; role: Role; facts: FactsRow }[] = [];
  for (const s of seen) {
    const f = factsOf.get(s.row.id) as FactsRow;
    const earlier = allocationOf(f);
    if (earlier) checks[s.index] = { receipt: receiptFrom(protocol, earlier, s.row.study_id, true) };
    else open.push({ ...s, facts: f });
  }
  const hashes = open.flatMap((o) => o.facts.identifiers);
  if (hashes.length) await lockIdentifierKeys(tx, hashes);
  const twins = await randomizedWithIdentifiers(tx, hashes);
  for (const { index, row, role, facts: f } of open) {
    const request = requests[index] as RandomizationRequest;
    try {
      checks[index] = check(request, row, role, f, twins);
    } catch (error) {
      checks[index] = { error };
    }
  }
  return checks;
}

/** One subject's preconditions, from what was read; throws its refusal (as batch.ts's `prepare` did). */
function check(
  { who, today, factors }: RandomizationRequest,
  row: SubjectRow,
  role: Role,
  f: FactsRow,
  twins: Awaited<ReturnType<typeof randomizedWithIdentifiers>>,
): Checked {
  const state = eligibilityOf(episodeOf(f), signatureOf(f), today);
  const list = listOf(f);
  const sameIdentifier = new Map(
    twins.filter((t) => t.id !== row.id && f.identifiers.includes(t.keyHash)).map((t) => [t.id, t]),
  );
  const blockers = readinessBlockers(
    row,
    state,
    list,
    [...sameIdentifier.values()].map((other) => (canSeeSite(who, other.siteId) ? other.studyId : null)),
  );
  let stratum = '*';
  if (list) {
    // A factor value the list does not know is the engine's InputError at `factors.<id>` of the body.
    const key = inputAt('body', () => stratumKey(list.config, factors));
    stratum = list.config.method === 'permuted-blocks' ? key : '*';
    // The planned inhibitor decided E18 at screening: the stratum must name the same drug.
    const screened = state.stratification;
    for (const [factor, value] of Object.entries(factors))
      if (screened[factor] !== undefined && screened[factor] !== value)
        blockers.push({
          code: 'factor_mismatch',
          message: `${factor} ${value} differs from the screening answer ${screened[factor]}: correct one of them and re-screen`,
        });
  }
  if (blockers.length) throw refusal(row, blockers);
  return {
    row,
    role,
    list: list as ActiveList,
    stratum,
    episodeId: state.episodeId as string,
    signatureId: state.signature?.id as string,
    identifiers: f.identifiers,
  };
}
