/**
 * Randomizing one subject — exactly once, in list order per stratum, only when every precondition holds.
 *
 * Exactly once under concurrency: the subject's row lock serializes attempts for one subject (a second
 * attempt returns the first allocation), the stratum cursor's row lock hands out list entries in order,
 * and UNIQUE (subject_id) and UNIQUE (list_id, stratum, sequence) back both up.
 */
import { randomUUID } from 'node:crypto';
import { inputAt, type PossibleDuplicate, REFUSAL_CODES, type Receipt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import {
  type FactorValues,
  type MinimizationResult,
  minimize,
  type RandomizationConfig,
  stratumKey,
} from '../../randomization/index.ts';
import { actorOf, canSeeSite, type Principal, requireRole } from '../access.ts';
import { recordAudits } from '../audit.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import { randomizedWithSameIdentifier } from '../subjects/duplicates.ts';
import { type Blocker, eligibilityState } from '../subjects/signatures.ts';
import { SITE_EDITORS, type SubjectRow, subjectFor } from '../subjects/subjects.ts';

export type { Receipt };

interface AllocationRow {
  subject_id: string;
  arm: string;
  stratum: string;
  sequence: number;
  randomized_at: string;
  randomized_by_name: string;
}

async function receiptOf(
  sql: Sql,
  protocol: Protocol,
  subjectId: string,
  studyId: string,
  existing: boolean,
): Promise<Receipt | null> {
  const a = (
    await sql.query<AllocationRow>(
      `SELECT a.subject_id, a.arm, a.stratum, a.sequence, a.randomized_at, u.display_name AS randomized_by_name
         FROM allocation a JOIN app_user u ON u.id = a.randomized_by WHERE a.subject_id = $1`,
      [subjectId],
    )
  ).rows[0];
  if (!a) return null;
  const armLabel = protocol.registry.arms.find((arm) => arm.id === a.arm)?.label ?? a.arm;
  return {
    subjectId,
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

interface ActiveList {
  id: string;
  config: RandomizationConfig;
  minimization_seed: string | null;
}

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
  duplicates: { lock: true } | { known: readonly PossibleDuplicate[] } = { lock: true },
): Promise<Readiness> {
  const state = await eligibilityState(sql, row.id, today);
  const blockers = [...state.blockers];
  // The status follows the screening result, whose blocker then says more; withdrawn stands alone.
  const explained = blockers.some((b) => b.code === 'not_eligible' || b.code === 'not_screened');
  if (row.status !== 'eligible' && (row.status === 'withdrawn' || !explained))
    blockers.unshift({ code: 'subject_status', message: `subject status is ${row.status}, not eligible` });
  const list =
    (
      await sql.query<ActiveList>(
        'SELECT id, config, minimization_seed FROM randomization_list WHERE protocol_id = $1 AND active AND NOT rehearsal',
        [protocolId],
      )
    ).rows[0] ?? null;
  if (!list)
    blockers.push({
      code: 'no_list',
      message: 'no randomization list: the statistician has not created one',
    });
  // One person, one randomization: the same source identifier (e.g. the MRN) already randomized.
  const randomizedTwins =
    'known' in duplicates
      ? duplicates.known
          .filter((d) => d.status === 'randomized' && d.basis.includes('identifier'))
          .map((d) => d.studyId)
      : (await randomizedWithSameIdentifier(sql, row.id, true)).map((other) =>
          canSeeSite(who, other.siteId) ? other.studyId : null,
        );
  for (const studyId of randomizedTwins)
    blockers.push({
      code: 'duplicate_randomized',
      message: `${row.study_id} has the same source patient identifier as ${
        studyId ?? 'a subject at another site'
      }, already randomized: one person is randomized once`,
    });
  return { state, list, blockers };
}

/** Randomizes one subject on `today` with the given stratification factor values; see the module comment. */
export async function randomize(
  tx: Sql,
  who: Principal,
  at: Date,
  today: string,
  protocol: Protocol,
  subjectId: string,
  factors: FactorValues,
): Promise<Receipt> {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  const earlier = await receiptOf(tx, protocol, row.id, row.study_id, true);
  if (earlier) return earlier;
  const { state, list, blockers } = await randomizationReadiness(tx, who, row, today, protocol.registry.id);
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
  if (blockers.length)
    throw new TrialError(
      'refused',
      `cannot randomize ${row.study_id}: ${blockers.map((b) => b.message).join('; ')}`,
      { code: REFUSAL_CODES.preconditions, preconditions: blockers },
    );
  const chosen = list as NonNullable<typeof list>;
  // From here on the stratum's cursor row is locked until commit: as few round trips as possible.
  const allocated =
    chosen.config.method === 'permuted-blocks'
      ? await allocateFromList(tx, chosen.id, stratum, row.id, factors, state, at, who.userId)
      : await allocateByMinimization(tx, chosen, row.id, factors, state, at, who.userId);
  if (!allocated)
    throw new TrialError(
      'refused',
      `the allocation list for stratum ${stratum} is used up: the statistician must extend it`,
    );
  const { arm, sequence } = allocated;
  await recordAudits(tx, actorOf(who, role, row.site_id), at, [
    {
      action: 'randomization.allocate',
      entityType: 'allocation',
      entityId: row.id,
      subjectId: row.id,
      siteId: row.site_id,
      changes: {
        arm: { before: null, after: arm },
        stratum: { before: null, after: stratum },
        sequence: { before: null, after: sequence },
        factors: { before: null, after: factors },
      },
    },
    {
      action: 'subject.status',
      entityType: 'subject',
      entityId: row.id,
      subjectId: row.id,
      siteId: row.site_id,
      changes: { status: { before: row.status, after: 'randomized' } },
      reason: `randomized to arm ${arm}`,
    },
  ]);
  return {
    subjectId: row.id,
    studyId: row.study_id,
    arm,
    armLabel: armLabel(protocol, arm),
    stratum,
    sequence,
    randomizedAt: at.toISOString(),
    randomizedBy: who.displayName,
    existing: false,
  };
}

const armLabel = (protocol: Protocol, arm: string): string =>
  protocol.registry.arms.find((a) => a.id === arm)?.label ?? arm;

type Eligibility = Awaited<ReturnType<typeof eligibilityState>>;

/**
 * Permuted blocks, in one statement: advance the stratum's cursor, read its entry, insert the allocation
 * and mark the subject randomized. No row when the list is used up (nothing changes then).
 */
async function allocateFromList(
  tx: Sql,
  listId: string,
  stratum: string,
  subjectId: string,
  factors: FactorValues,
  state: Eligibility,
  at: Date,
  userId: string,
): Promise<{ arm: string; sequence: number } | undefined> {
  const { rows } = await tx.query<{ arm: string; sequence: number }>(
    `WITH cursor AS (
       UPDATE stratum_cursor SET next_sequence = next_sequence + 1 WHERE list_id = $1 AND stratum = $2
       RETURNING next_sequence - 1 AS sequence),
     entry AS (
       SELECT e.sequence, e.arm FROM allocation_list_entry e JOIN cursor c ON e.sequence = c.sequence
        WHERE e.list_id = $1 AND e.stratum = $2),
     inserted AS (
       INSERT INTO allocation (id, subject_id, list_id, stratum, sequence, arm, factors, details, episode_id, signature_id, randomized_at, randomized_by)
       SELECT $3, $4, $1, $2, entry.sequence, entry.arm, $5, NULL, $6, $7, $8, $9 FROM entry
       RETURNING sequence, arm),
     subject_status AS (
       UPDATE subject SET status = 'randomized', version = version + 1 WHERE id = $4 AND EXISTS (SELECT 1 FROM inserted))
     SELECT arm, sequence FROM inserted`,
    [
      listId,
      stratum,
      randomUUID(),
      subjectId,
      JSON.stringify(factors),
      state.episodeId,
      state.signature?.id,
      at.toISOString(),
      userId,
    ],
  );
  // A used-up list: the cursor moved past the end inside this transaction, which the caller rolls back.
  return rows[0];
}

/** Minimization depends on every earlier allocation: one at a time, under the cursor's lock. */
async function allocateByMinimization(
  tx: Sql,
  list: ActiveList,
  subjectId: string,
  factors: FactorValues,
  state: Eligibility,
  at: Date,
  userId: string,
): Promise<{ arm: string; sequence: number }> {
  const cursor = (
    await tx.query<{ sequence: number }>(
      "UPDATE stratum_cursor SET next_sequence = next_sequence + 1 WHERE list_id = $1 AND stratum = '*' RETURNING next_sequence - 1 AS sequence",
      [list.id],
    )
  ).rows[0] as { sequence: number };
  const previous = (
    await tx.query<{ arm: string; factors: FactorValues }>(
      'SELECT arm, factors FROM allocation WHERE list_id = $1 ORDER BY sequence',
      [list.id],
    )
  ).rows;
  const details: MinimizationResult = minimize(
    list.config,
    previous,
    factors,
    list.minimization_seed as string,
    cursor.sequence,
  );
  await tx.query(
    `INSERT INTO allocation (id, subject_id, list_id, stratum, sequence, arm, factors, details, episode_id, signature_id, randomized_at, randomized_by)
     VALUES ($1, $2, $3, '*', $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      randomUUID(),
      subjectId,
      list.id,
      cursor.sequence,
      details.arm,
      JSON.stringify(factors),
      JSON.stringify(details),
      state.episodeId,
      state.signature?.id,
      at.toISOString(),
      userId,
    ],
  );
  await tx.query("UPDATE subject SET status = 'randomized', version = version + 1 WHERE id = $1", [
    subjectId,
  ]);
  return { arm: details.arm, sequence: cursor.sequence };
}
