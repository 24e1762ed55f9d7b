/**
 * Randomizing a subject: its preconditions (eligible, signed, as of today, an allocation list, no other
 * subject of the same person randomized), its receipt, and one randomization in the caller's
 * transaction. The allocation itself — exactly once, in list order per stratum, several requests per
 * commit — is batch.ts.
 */
import type { PossibleDuplicate, Receipt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import type { FactorValues, RandomizationConfig } from '../../randomization/index.ts';
import { canSeeSite, type Principal } from '../access.ts';
import type { Sql } from '../database.ts';
import { randomizedWithSameIdentifier } from '../subjects/duplicates.ts';
import { type Blocker, eligibilityState } from '../subjects/signatures.ts';
import { type SubjectRow, subjectFor } from '../subjects/subjects.ts';
import { randomizeBatch } from './batch.ts';

export type { Receipt };

export interface AllocationRow {
  subject_id: string;
  arm: string;
  stratum: string;
  sequence: number;
  randomized_at: string;
  randomized_by_name: string;
}

/** The allocation's columns `receiptFrom` needs, with `a` the allocation and `u` its app_user. */
export const RECEIPT_COLUMNS =
  'a.subject_id, a.arm, a.stratum, a.sequence, a.randomized_at, u.display_name AS randomized_by_name';

export async function receiptOf(
  sql: Sql,
  protocol: Protocol,
  subjectId: string,
  studyId: string,
  existing: boolean,
): Promise<Receipt | null> {
  const a = (
    await sql.query<AllocationRow>(
      `SELECT ${RECEIPT_COLUMNS} FROM allocation a JOIN app_user u ON u.id = a.randomized_by WHERE a.subject_id = $1`,
      [subjectId],
    )
  ).rows[0];
  return a ? receiptFrom(protocol, a, studyId, existing) : null;
}

export function receiptFrom(
  protocol: Protocol,
  a: AllocationRow,
  studyId: string,
  existing: boolean,
): Receipt {
  const armLabel = protocol.registry.arms.find((arm) => arm.id === a.arm)?.label ?? a.arm;
  return {
    subjectId: a.subject_id,
    studyId,
    arm: a.arm,
    armLabel,
    stratum: a.stratum,
    sequence: a.sequence,
    randomizedAt: a.randomized_at,
    randomizedBy: a.randomized_by_name,
    existing,
  };
}

/** Subjects randomized in the whole trial (the public page's progress against the target). */
export async function randomizedCount(sql: Sql): Promise<number> {
  return (await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM allocation')).rows[0]?.n ?? 0;
}

/** The subject's allocation as stored (snake case), or null before randomization. */
export async function allocationRecord(
  sql: Sql,
  subjectId: string,
): Promise<{ arm: string; stratum: string; sequence: number; randomized_at: string } | null> {
  const { rows } = await sql.query<{ arm: string; stratum: string; sequence: number; randomized_at: string }>(
    'SELECT arm, stratum, sequence, randomized_at FROM allocation WHERE subject_id = $1',
    [subjectId],
  );
  return rows[0] ?? null;
}

export async function allocationOf(
  sql: Sql,
  who: Principal,
  protocol: Protocol,
  subjectId: string,
): Promise<Receipt | null> {
  const { row } = await subjectFor(sql, who, subjectId);
  return receiptOf(sql, protocol, row.id, row.study_id, true);
}

export interface ActiveList {
  id: string;
  config: RandomizationConfig;
  minimization_seed: string | null;
}

type Eligibility = Awaited<ReturnType<typeof eligibilityState>>;

export interface Readiness {
  state: Eligibility;
  list: ActiveList | null;
  /** Every precondition not met today; empty when the subject can be randomized (factors aside). */
  blockers: Blocker[];
}

/**
 * Everything randomization requires of a subject on `today`, except the stratification factors the
 * coordinator gives: eligible, signed, as of today, an allocation list, and no other subject of the same
 * person already randomized. The subject page shows it; `randomize` enforces it under its locks (`lock`).
 */
export async function randomizationReadiness(
  sql: Sql,
  who: Principal,
  row: SubjectRow,
  today: string,
  protocolId: string,
  /**
   * `lock` when randomizing (the check holds until commit); or the subject's possible duplicates a
   * page has already read, whose randomized same-identifier subjects are the answer (no second query).
   */
  duplicates: { lock: true; identifiers?: readonly string[] } | { known: readonly PossibleDuplicate[] } = {
    lock: true,
  },
): Promise<Readiness> {
  const state = await eligibilityState(sql, row.id, today);
  const list =
    (
      await sql.query<ActiveList>(
        'SELECT id, config, minimization_seed FROM randomization_list WHERE protocol_id = $1 AND active AND NOT rehearsal',
        [protocolId],
      )
    ).rows[0] ?? null;
  // One person, one randomization: the same source identifier (e.g. the MRN) already randomized.
  const randomizedTwins =
    'known' in duplicates
      ? duplicates.known
          .filter((d) => d.status === 'randomized' && d.basis.includes('identifier'))
          .map((d) => d.studyId)
      : (await randomizedWithSameIdentifier(sql, row.id, true, duplicates.identifiers)).map((other) =>
          canSeeSite(who, other.siteId) ? other.studyId : null,
        );
  return { state, list, blockers: readinessBlockers(row, state, list, randomizedTwins) };
}

/**
 * The preconditions not met, from what was read (one subject here, a whole batch in batch-checks.ts):
 * `randomizedTwins` are the study IDs of randomized subjects with the same source identifier, null for
 * one the caller may not see.
 */
export function readinessBlockers(
  row: SubjectRow,
  state: Eligibility,
  list: ActiveList | null,
  randomizedTwins: readonly (string | null)[],
): Blocker[] {
  const blockers = [...state.blockers];
  // The status follows the screening result, whose blocker then says more; withdrawn stands alone.
  const explained = blockers.some((b) => b.code === 'not_eligible' || b.code === 'not_screened');
  if (row.status !== 'eligible' && (row.status === 'withdrawn' || !explained))
    blockers.unshift({ code: 'subject_status', message: `subject status is ${row.status}, not eligible` });
  if (!list)
    blockers.push({
      code: 'no_list',
      message: 'no randomization list: the statistician has not created one',
    });
  for (const studyId of randomizedTwins)
    blockers.push({
      code: 'duplicate_randomized',
      message: `${row.study_id} has the same source patient identifier as ${
        studyId ?? 'a subject at another site'
      }, already randomized: one person is randomized once`,
    });
  return blockers;
}

/**
 * Randomizes one subject on `today` with the given stratification factor values, in the caller's
 * transaction (a batch of one: src/store/randomization/batch.ts); throws the refusal.
 */
export async function randomize(
  tx: Sql,
  who: Principal,
  at: Date,
  today: string,
  protocol: Protocol,
  subjectId: string,
  factors: FactorValues,
): Promise<Receipt> {
  const [outcome] = await randomizeBatch(tx, protocol, { now: () => at }, [
    { who, today, subjectId, factors },
  ]);
  if (!outcome || 'error' in outcome) throw outcome?.error;
  return outcome.receipt;
}
