/**
 * After the load: did every subject get exactly one allocation, every list entry at most one subject,
 * and did allocations follow the list? Checked in the database (not trusted from the answers), plus
 * the answers themselves and the audit chain.
 */
import { type Db, verifyAudit } from '../../src/store/index.ts';

export interface Receipt {
  arm: string;
  stratum: string;
  sequence: number;
}

export interface AllocationCheck {
  allocations: number;
  /** Extra allocations of subjects allocated more than once. */
  subjectDuplicates: number;
  /** Extra uses of (list, stratum, sequence) entries used more than once. */
  entryDuplicates: number;
  /** Receipts of this run that name a (stratum, sequence) another receipt named too. */
  receiptDuplicates: number;
  /** Allocations whose arm is not the list's arm at their sequence. */
  armMismatches: number;
  /** Strata whose used sequences are not exactly 1…n, or whose cursor disagrees with n. */
  gappedStrata: number;
  /** Allocations committed (audit order) before one with a lower sequence in the same stratum. */
  outOfOrder: number;
  audit: { ok: boolean; events: number; problem?: string };
}

const one = async (db: Db, sql: string): Promise<number> =>
  (await db.query<{ n: number }>(sql)).rows[0]?.n ?? 0;

export async function checkAllocations(db: Db, receipts: readonly Receipt[]): Promise<AllocationCheck> {
  const allocations = await one(db, 'SELECT count(*)::int AS n FROM allocation');
  const subjectDuplicates = await one(
    db,
    'SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*) AS n FROM allocation GROUP BY subject_id HAVING count(*) > 1) d',
  );
  const entryDuplicates = await one(
    db,
    'SELECT coalesce(sum(n - 1), 0)::int AS n FROM (SELECT count(*) AS n FROM allocation GROUP BY list_id, stratum, sequence HAVING count(*) > 1) d',
  );
  const armMismatches = await one(
    db,
    `SELECT count(*)::int AS n FROM allocation a
       LEFT JOIN allocation_list_entry e ON e.list_id = a.list_id AND e.stratum = a.stratum AND e.sequence = a.sequence
      WHERE e.arm IS DISTINCT FROM a.arm`,
  );
  const gappedStrata = await one(
    db,
    `SELECT count(*)::int AS n FROM (
       SELECT a.list_id, a.stratum, count(*) AS used, min(a.sequence) AS first, max(a.sequence) AS last,
              min(c.next_sequence) - 1 AS cursor
         FROM allocation a JOIN stratum_cursor c ON c.list_id = a.list_id AND c.stratum = a.stratum
        GROUP BY a.list_id, a.stratum) s
      WHERE first <> 1 OR last <> used OR cursor <> used`,
  );
  // The audit chain's seq is the commit order of writers (they queue on the audit head's lock).
  const outOfOrder = await one(
    db,
    `SELECT count(*)::int AS n FROM (
       SELECT a.sequence, lag(a.sequence) OVER (PARTITION BY a.list_id, a.stratum ORDER BY e.seq) AS previous
         FROM audit_event e JOIN allocation a ON a.subject_id::text = e.entity_id
        WHERE e.action = 'randomization.allocate') o
      WHERE sequence <= previous`,
  );
  const seen = new Set<string>();
  let receiptDuplicates = 0;
  for (const r of receipts) {
    const key = `${r.stratum}#${r.sequence}`;
    if (seen.has(key)) receiptDuplicates++;
    seen.add(key);
  }
  const verified = await verifyAudit(db);
  return {
    allocations,
    subjectDuplicates,
    entryDuplicates,
    receiptDuplicates,
    armMismatches,
    gappedStrata,
    outOfOrder,
    audit: {
      ok: verified.ok,
      events: verified.events,
      ...(verified.firstBroken
        ? { problem: `event ${verified.firstBroken.seq}: ${verified.firstBroken.problem}` }
        : {}),
    },
  };
}

/** The count on the last line: allocations that should not exist. */
export const duplicates = (c: AllocationCheck): number =>
  c.subjectDuplicates + c.entryDuplicates + c.receiptDuplicates;
