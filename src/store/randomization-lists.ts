/**
 * The statistician's allocation lists: generated here from a seed only they keep (for permuted blocks
 * only its hash is stored, so a regeneration can be checked), never shown to site roles, exported with
 * who got each entry. The algorithms are src/randomization.
 */
import { randomUUID } from 'node:crypto';
import type { Protocol } from '../protocol/index.ts';
import {
  ALGORITHM,
  type AllocationEntry,
  checkProtocolMatch,
  generateAllocationList,
  minimize,
  newSeed,
  parseRandomizationConfig,
  type RandomizationConfig,
  RandomizationError,
} from '../randomization/index.ts';
import { actorOf, type Principal, requireRole } from './access.ts';
import { recordAudit, sha256 } from './audit.ts';
import type { Sql } from './database.ts';
import { notFound, TrialError } from './errors.ts';

/** A RandomizationError (bad config, seed or factor values) as a 400 naming the fields. */
export function randomizationInputError(error: unknown, prefix: string): never {
  if (error instanceof RandomizationError)
    throw new TrialError('invalid', error.message, {
      fields: error.issues.map((i) => ({ path: `${prefix}${i.field}`, message: `expected ${i.expected}` })),
    });
  throw error;
}

export interface ListSummary {
  id: string;
  method: string;
  rehearsal: boolean;
  active: boolean;
  seedSha256: string;
  createdAt: string;
  /** Subjects randomized from the list: once there is one, the list cannot be replaced. */
  allocated: number;
  strata: { stratum: string; entries: number; used: number }[];
}

export async function createList(
  tx: Sql,
  who: Principal,
  at: Date,
  protocol: Protocol,
  input: { config: unknown; seed?: string; rehearsal: boolean },
): Promise<ListSummary & { seed: string }> {
  requireRole(who, ['statistician']);
  let config: RandomizationConfig;
  try {
    config = parseRandomizationConfig(input.config, 'config');
    checkProtocolMatch(config, protocol.registry);
  } catch (error) {
    randomizationInputError(error, 'config.');
  }
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
  let entries: AllocationEntry[] = [];
  try {
    entries =
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
  } catch (error) {
    randomizationInputError(error, '');
  }
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

/** The whole list with who got each entry: the statistician's only (the arms ahead must stay unknown to sites). */
export async function exportList(sql: Sql, who: Principal, listId: string): Promise<ExportedEntry[]> {
  requireRole(who, ['statistician']);
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
