/**
 * Randomizing several subjects in one transaction (group commit). One stratum's allocations must follow
 * its list one at a time: each holds the stratum's cursor row (and the audit trail's head row) until its
 * commit, so one commit per randomization caps a stratum at the rate of one-hot-row transactions. Here
 * the requests waiting at the same moment are checked together (batch-checks.ts: a statement per kind
 * of fact for the whole batch; one refusal does not touch the others), then allocated together — one
 * cursor move and one statement per stratum — and committed once, so the hot rows are held once per batch.
 *
 * Exactly once and in list order as before: the subject's row lock, the cursor's row lock, UNIQUE
 * (subject_id) and UNIQUE (list_id, stratum, sequence); within a batch, a subject asked twice gets its
 * first allocation again, and two subjects of one person (the same source identifier) are not both
 * allocated. The allocation time is read after the cursor rows are locked, so randomization times
 * never run backwards against the list's sequence.
 */
import { randomUUID } from 'node:crypto';
import type { Receipt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import { type FactorValues, type MinimizationResult, minimize } from '../../randomization/index.ts';
import { actorOf, canSeeSite } from '../access.ts';
import { type AuditInput, recordAudits, SYSTEM_ACTOR } from '../audit.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import { type Checked, checkRequests, type RandomizationRequest, refusal } from './batch-checks.ts';
import type { ActiveList } from './randomization.ts';

export type { RandomizationRequest };

export type Outcome = { receipt: Receipt } | { error: unknown };

interface Ready extends Checked {
  index: number;
  request: RandomizationRequest;
}

const usedUp = (stratum: string) =>
  new TrialError(
    'refused',
    `the allocation list for stratum ${stratum} is used up: the statistician must extend it`,
  );

/**
 * Randomizes the requests in `tx`, in their order; one outcome per request. The caller commits (the
 * receipts hold only once it has) and retries the whole batch on a serialization failure.
 */
export async function randomizeBatch(
  tx: Sql,
  protocol: Protocol,
  clock: { now(): Date },
  requests: readonly RandomizationRequest[],
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(requests.length);
  // The same subject twice in one batch: the second is answered with the first's outcome.
  const firstOf = new Map<string, number>();
  const unique: number[] = [];
  for (const [index, request] of requests.entries()) {
    const key = request.subjectId.toLowerCase();
    if (firstOf.has(key)) continue;
    firstOf.set(key, index);
    unique.push(index);
  }
  const checks = await checkRequests(
    tx,
    protocol,
    unique.map((i) => requests[i] as RandomizationRequest),
  );
  const ready: Ready[] = [];
  const personOf = new Map<string, Ready>();
  for (const [n, index] of unique.entries()) {
    const checked = checks[n] as (typeof checks)[number];
    const request = requests[index] as RandomizationRequest;
    if ('receipt' in checked || 'error' in checked) {
      outcomes[index] = checked;
      continue;
    }
    // One person, one randomization, within the batch as well as against earlier ones.
    const twin = checked.identifiers.map((h) => personOf.get(h)).find((r) => r !== undefined);
    if (twin) {
      outcomes[index] = {
        error: refusal(checked.row, [
          {
            code: 'duplicate_randomized',
            message: `${checked.row.study_id} has the same source patient identifier as ${
              canSeeSite(request.who, twin.row.site_id) ? twin.row.study_id : 'a subject at another site'
            }, already randomized: one person is randomized once`,
          },
        ]),
      };
      continue;
    }
    const item = { ...checked, index, request };
    ready.push(item);
    for (const h of checked.identifiers) personOf.set(h, item);
  }
  if (ready.length) await allocate(tx, protocol, clock, ready, outcomes);
  for (const [index, request] of requests.entries()) {
    if (outcomes[index]) continue;
    const first = outcomes[firstOf.get(request.subjectId.toLowerCase()) as number] as Outcome;
    outcomes[index] = 'receipt' in first ? { receipt: { ...first.receipt, existing: true } } : first;
  }
  return outcomes;
}

/** The hot part: lock the strata's cursors, read the time, allocate, audit. */
async function allocate(
  tx: Sql,
  protocol: Protocol,
  clock: { now(): Date },
  ready: readonly Ready[],
  outcomes: Outcome[],
): Promise<void> {
  const groups = new Map<string, Ready[]>();
  for (const r of ready) {
    const key = `${r.list.id}\u0000${r.stratum}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  // Cursors in one order (list, stratum): two batches lock them alike, so they cannot deadlock.
  const ordered = [...groups.values()].sort((a, b) =>
    `${a[0]?.list.id}\u0000${a[0]?.stratum}` < `${b[0]?.list.id}\u0000${b[0]?.stratum}` ? -1 : 1,
  );
  const next = new Map<Ready[], number>();
  for (const group of ordered) {
    const head = group[0] as Ready;
    const cursor = (
      await tx.query<{ next_sequence: number }>(
        'SELECT next_sequence FROM stratum_cursor WHERE list_id = $1 AND stratum = $2 FOR UPDATE',
        [head.list.id, head.stratum],
      )
    ).rows[0];
    next.set(group, cursor?.next_sequence ?? 1);
  }
  const at = clock.now();
  const allocated: { item: Ready; arm: string; sequence: number }[] = [];
  for (const group of ordered) {
    const head = group[0] as Ready;
    const first = next.get(group) as number;
    const rows =
      head.list.config.method === 'permuted-blocks'
        ? await allocateFromList(tx, head.list.id, head.stratum, first, group, at)
        : await allocateByMinimization(tx, head.list, first, group, at);
    for (const [i, item] of group.entries()) {
      const row = rows[i];
      if (row) allocated.push({ item, ...row });
      else outcomes[item.index] = { error: usedUp(item.stratum) };
    }
  }
  // The batch's events in one call: the audit head is read and moved once.
  await recordAudits(
    tx,
    SYSTEM_ACTOR,
    at,
    allocated.flatMap(({ item, arm, sequence }): AuditInput[] => {
      const actor = actorOf(item.request.who, item.role, item.row.site_id);
      const about = { entityId: item.row.id, subjectId: item.row.id, siteId: item.row.site_id, actor };
      return [
        {
          ...about,
          action: 'randomization.allocate',
          entityType: 'allocation',
          changes: {
            arm: { before: null, after: arm },
            stratum: { before: null, after: item.stratum },
            sequence: { before: null, after: sequence },
            factors: { before: null, after: item.request.factors },
          },
        },
        {
          ...about,
          action: 'subject.status',
          entityType: 'subject',
          changes: { status: { before: item.row.status, after: 'randomized' } },
          reason: `randomized to arm ${arm}`,
        },
      ];
    }),
  );
  for (const { item, arm, sequence } of allocated) {
    outcomes[item.index] = {
      receipt: {
        subjectId: item.row.id,
        studyId: item.row.study_id,
        arm,
        armLabel: protocol.registry.arms.find((a) => a.id === arm)?.label ?? arm,
        stratum: item.stratum,
        sequence,
        randomizedAt: at.toISOString(),
        randomizedBy: item.request.who.displayName,
        existing: false,
      },
    };
  }
}

/**
 * Permuted blocks: the group takes the next entries of its stratum's list in one statement (the
 * cursor moves by as many as there are entries left for them); a subject beyond the list's end gets none.
 */
async function allocateFromList(
  tx: Sql,
  listId: string,
  stratum: string,
  first: number,
  group: readonly Ready[],
  at: Date,
): Promise<({ arm: string; sequence: number } | undefined)[]> {
  const { rows } = await tx.query<{ subject_id: string; arm: string; sequence: number }>(
    `WITH wanted AS (
       SELECT r.*, $3::int + r.ord::int - 1 AS sequence
         FROM unnest($4::uuid[], $5::uuid[], $6::jsonb[], $7::uuid[], $8::uuid[], $9::uuid[])
              WITH ORDINALITY AS r(id, subject_id, factors, episode_id, signature_id, randomized_by, ord)),
     entry AS (
       SELECT w.*, e.arm FROM wanted w
         JOIN allocation_list_entry e ON e.list_id = $1 AND e.stratum = $2 AND e.sequence = w.sequence),
     inserted AS (
       INSERT INTO allocation (id, subject_id, list_id, stratum, sequence, arm, factors, details, episode_id, signature_id, randomized_at, randomized_by)
       SELECT id, subject_id, $1, $2, sequence, arm, factors, NULL, episode_id, signature_id, $10, randomized_by FROM entry
       RETURNING subject_id, sequence, arm),
     moved AS (
       UPDATE stratum_cursor SET next_sequence = $3 + (SELECT count(*) FROM inserted)
        WHERE list_id = $1 AND stratum = $2),
     subject_status AS (
       UPDATE subject SET status = 'randomized', version = version + 1 WHERE id IN (SELECT subject_id FROM inserted))
     SELECT subject_id, sequence, arm FROM inserted`,
    [
      listId,
      stratum,
      first,
      group.map(() => randomUUID()),
      group.map((g) => g.row.id),
      group.map((g) => JSON.stringify(g.request.factors)),
      group.map((g) => g.episodeId),
      group.map((g) => g.signatureId),
      group.map((g) => g.request.who.userId),
      at.toISOString(),
    ],
  );
  const bySubject = new Map(rows.map((r) => [r.subject_id, r]));
  return group.map((g) => bySubject.get(g.row.id));
}

/** Minimization depends on every earlier allocation: one at a time, under the cursor's lock. */
async function allocateByMinimization(
  tx: Sql,
  list: ActiveList,
  first: number,
  group: readonly Ready[],
  at: Date,
): Promise<{ arm: string; sequence: number }[]> {
  const previous = (
    await tx.query<{ arm: string; factors: FactorValues }>(
      'SELECT arm, factors FROM allocation WHERE list_id = $1 ORDER BY sequence',
      [list.id],
    )
  ).rows;
  const out: { arm: string; sequence: number }[] = [];
  for (const [i, item] of group.entries()) {
    const sequence = first + i;
    const details: MinimizationResult = minimize(
      list.config,
      previous,
      item.request.factors,
      list.minimization_seed as string,
      sequence,
    );
    previous.push({ arm: details.arm, factors: item.request.factors });
    await tx.query(
      `INSERT INTO allocation (id, subject_id, list_id, stratum, sequence, arm, factors, details, episode_id, signature_id, randomized_at, randomized_by)
       VALUES ($1, $2, $3, '*', $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        randomUUID(),
        item.row.id,
        list.id,
        sequence,
        details.arm,
        JSON.stringify(item.request.factors),
        JSON.stringify(details),
        item.episodeId,
        item.signatureId,
        at.toISOString(),
        item.request.who.userId,
      ],
    );
    out.push({ arm: details.arm, sequence });
  }
  await tx.query(
    `UPDATE subject SET status = 'randomized', version = version + 1 WHERE id = ANY($1::uuid[])`,
    [group.map((g) => g.row.id)],
  );
  await tx.query("UPDATE stratum_cursor SET next_sequence = $2 WHERE list_id = $1 AND stratum = '*'", [
    list.id,
    first + group.length,
  ]);
  return out;
}
