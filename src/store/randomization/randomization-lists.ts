/**
 * The statistician's allocation lists: generated here from a seed only they keep (for permuted blocks
 * only its hash is stored, so a regeneration can be checked), never shown to site roles, exported with
 * who got each entry. The algorithms are src/randomization.
 */

import { randomUUID } from 'node:crypto';
import type { ListSummary } from '../../contracts/index.ts';
import { inputAt } from '../../contracts/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import {
  ALGORITHM,
  type AllocationEntry,
  checkProtocolMatch,
  generateAllocationList,
  minimize,
  newSeed,
  parseRandomizationConfig,
  type RandomizationConfig,
} from '../../randomization/index.ts';
import { actorOf, type Principal, requireRole } from '../access.ts';
import { recordAudit, sha256 } from '../audit.ts';
import type { Db, Sql } from '../database.ts';
import { notFound, TrialError } from '../errors.ts';

/** Whether `seed` is the seed of one of the trial's real (not rehearsal) lists. */
export async function isTrialSeed(sql: Sql, seed: string): Promise<boolean> {
  const { rowCount } = await sql.query(
    'SELECT 1 FROM randomization_list WHERE seed_sha256 = $1 AND NOT rehearsal',
    [sha256(seed)],
  );
  return rowCount > 0;
}

export type { ListSummary };

export async function createList(
  tx: Sql,
  who: Principal,
  at: Date,
  protocol: Protocol,
  input: { config: unknown; seed?: string; rehearsal: boolean },
): Promise<ListSummary & { seed: string }> {
  requireRole(who, ['statistician']);
  // Bad input is the engines' InputError, read from where the request carried it (src/server/errors.ts).
  const config: RandomizationConfig = inputAt('body.config', () => {
    const parsed = parseRandomizationConfig(input.config, 'config');
    checkProtocolMatch(parsed, protocol.registry);
    return parsed;
  });
  const seed = input.seed ?? newSeed();
  const protocolId = protocol.registry.id;
  if (!input.rehearsal) {
    const active = (
      await tx.query<{ id: string; used: number }>(
        `SELECT l.id, (SELECT count(*)::int FROM allocation a WHERE a.list_id = l.id) AS used
           FROM randomization_list l WHERE l.protocol_id = $1 AND l.active AND NOT l.rehearsal FOR UPDATE`,
        [protocolId],
      )
    ).rows[0];
    if (active && active.used > 0)
      throw new TrialError(
        'refused',
        `the active list ${active.id} has allocated ${active.used} subjects: it cannot be replaced`,
      );
    if (active) await tx.query('UPDATE randomization_list SET active = false WHERE id = $1', [active.id]);
  }
  // The engines name `seed` and `config.…` as the request body does.
  const entries: AllocationEntry[] = inputAt('body', () => {
    const listed =
      config.method === 'permuted-blocks'
        ? generateAllocationList(config, seed).strata.flatMap((s) => s.entries)
        : [];
    if (config.method === 'minimization')
      minimize(
        config,
        [],
        Object.fromEntries(config.factors.map((f) => [f.id, f.levels[0] as string])),
        seed,
        1,
      );
    return listed;
  });
  const id = randomUUID();
  await tx.query(
    `INSERT INTO randomization_list (id, protocol_id, config, algorithm, seed_sha256, minimization_seed, rehearsal, active, created_at, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $9)`,
    [
      id,
      protocolId,
      JSON.stringify(config),
      ALGORITHM,
      sha256(seed),
      config.method === 'minimization' ? seed : null,
      input.rehearsal,
      at.toISOString(),
      who.userId,
    ],
  );
  // One statement per list, through arrays: 250 entries or 25,000, the same round trip.
  await tx.query(
    `INSERT INTO allocation_list_entry (list_id, stratum, sequence, arm, block, block_size)
     SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::int[])`,
    [
      id,
      entries.map((e) => e.stratum),
      entries.map((e) => e.sequence),
      entries.map((e) => e.arm),
      entries.map((e) => e.block),
      entries.map((e) => e.blockSize),
    ],
  );
  const strata = config.method === 'permuted-blocks' ? [...new Set(entries.map((e) => e.stratum))] : ['*'];
  for (const stratum of strata)
    await tx.query('INSERT INTO stratum_cursor (list_id, stratum, next_sequence) VALUES ($1, $2, 1)', [
      id,
      stratum,
    ]);
  await recordAudit(tx, actorOf(who, 'statistician', null), at, {
    action: input.rehearsal ? 'randomization.rehearsal_list' : 'randomization.list',
    entityType: 'randomization_list',
    entityId: id,
    siteId: null,
    // The audit trail is readable by monitors: it records the list's existence and seed hash, not its order.
    changes: {
      method: { before: null, after: config.method },
      seedSha256: { before: null, after: sha256(seed) },
      entries: { before: null, after: entries.length },
    },
  });
  return { ...(await summary(tx, id)), seed };
}

async function summary(sql: Sql, id: string): Promise<ListSummary> {
  const list = (
    await sql.query<{
      id: string;
      config: RandomizationConfig;
      rehearsal: boolean;
      active: boolean;
      seed_sha256: string;
      created_at: string;
    }>('SELECT * FROM randomization_list WHERE id = $1', [id])
  ).rows[0];
  if (!list) throw notFound('randomization list');
  const allocated = (
    await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM allocation WHERE list_id = $1', [id])
  ).rows[0]?.n;
  const strata = (
    await sql.query<{ stratum: string; entries: number; used: number }>(
      `SELECT c.stratum, (SELECT count(*)::int FROM allocation_list_entry e WHERE e.list_id = c.list_id AND e.stratum = c.stratum) AS entries,
              c.next_sequence - 1 AS used
         FROM stratum_cursor c WHERE c.list_id = $1 ORDER BY c.stratum`,
      [id],
    )
  ).rows;
  return {
    id: list.id,
    method: list.config.method,
    rehearsal: list.rehearsal,
    active: list.active,
    seedSha256: list.seed_sha256,
    createdAt: list.created_at,
    allocated: allocated ?? 0,
    strata,
  };
}

export async function listLists(sql: Sql, who: Principal): Promise<ListSummary[]> {
  requireRole(who, ['statistician']);
  const ids = (await sql.query<{ id: string }>('SELECT id FROM randomization_list ORDER BY created_at')).rows;
  return Promise.all(ids.map((r) => summary(sql, r.id)));
}

export interface ExportedEntry extends AllocationEntry {
  studyId: string | null;
  randomizedAt: string | null;
}

/**
 * The statistician's export of an allocation list — the one named, or the trial's active list — with
 * who got each entry (the arms ahead must stay unknown to sites). The role check, the read and the
 * export's audit event are one transaction: nothing is exported without its event. The one export
 * path of the API (GET /api/randomization/lists/:listId/entries) and `trialkit randomization list --export`.
 */
export async function exportList(
  db: Db,
  who: Principal,
  at: Date,
  listId?: string,
): Promise<{ listId: string; entries: ExportedEntry[] }> {
  requireRole(who, ['statistician']);
  return db.transaction(async (tx) => {
    const id = listId === undefined ? await activeListId(tx) : await existingListId(tx, listId);
    const entries = await listEntries(tx, id);
    await recordAudit(tx, actorOf(who, 'statistician', null), at, {
      action: 'randomization.export',
      entityType: 'randomization_list',
      entityId: id,
      siteId: null,
      changes: { exported: { before: null, after: entries.length } },
    });
    return { listId: id, entries };
  });
}

/** The trial's active (not rehearsal) list, the newest if several protocols have one. */
async function activeListId(sql: Sql): Promise<string> {
  const { rows } = await sql.query<{ id: string }>(
    'SELECT id FROM randomization_list WHERE active AND NOT rehearsal ORDER BY created_at DESC LIMIT 1',
  );
  if (!rows[0]) throw new TrialError('not_found', 'no active randomization list');
  return rows[0].id;
}

async function existingListId(sql: Sql, listId: string): Promise<string> {
  // Compared as text: an ID that is not a UUID is simply not found.
  const { rows } = await sql.query<{ id: string }>('SELECT id FROM randomization_list WHERE id::text = $1', [
    listId,
  ]);
  if (!rows[0]) throw notFound('randomization list');
  return rows[0].id;
}

async function listEntries(sql: Sql, listId: string): Promise<ExportedEntry[]> {
  const { rows } = await sql.query<{
    stratum: string;
    sequence: number;
    arm: string;
    block: number;
    block_size: number;
    study_id: string | null;
    randomized_at: string | null;
  }>(
    `SELECT e.stratum, e.sequence, e.arm, e.block, e.block_size, s.study_id, a.randomized_at
       FROM allocation_list_entry e
       LEFT JOIN allocation a ON a.list_id = e.list_id AND a.stratum = e.stratum AND a.sequence = e.sequence
       LEFT JOIN subject s ON s.id = a.subject_id
      WHERE e.list_id = $1 ORDER BY e.stratum, e.sequence`,
    [listId],
  );
  return rows.map((r) => ({
    stratum: r.stratum,
    sequence: r.sequence,
    arm: r.arm,
    block: r.block,
    blockSize: r.block_size,
    studyId: r.study_id,
    randomizedAt: r.randomized_at,
  }));
}
