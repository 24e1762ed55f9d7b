/**
 * Verification of the audit trail and its checkpoints (docs/decisions/0011). Every event is read once,
 * oldest first, and every problem is reported — not only the first — so a break that was found once
 * does not hide what was done later:
 *
 * - a gap in seq, a link (prev_sha256) that is not the previous event's hash, content that does not
 *   match its hash, a head that is not the last event;
 * - with the audit key (`db.auditKey`): an event whose MAC does not match (forged, or edited with every
 *   later hash recomputed), an event without a MAC after the trail began to be signed, a trail none of
 *   whose events is signed. Events of an older version, before the first signed one, are vouched for by
 *   its MAC through the chain;
 * - with checkpoints (files exported outside the database): a checkpoint whose event is gone (the tail
 *   was dropped and the head moved back) or whose event's hash differs (the trail up to it was rewritten),
 *   and, with the key, a checkpoint whose own MAC does not match.
 */
import type { AuditVerification } from '../contracts/index.ts';
import { type AuditEvent, canonicalJson, EVENT_COLUMNS, eventHash } from './audit.ts';
import { AuditKey } from './audit-key.ts';
import type { Sql } from './database.ts';

export type { AuditVerification };

export const CHECKPOINT_FORMAT = 'trialkit-audit-checkpoint/1';

/** The head of the trail at one moment, signed with the audit key, kept outside the database. */
export interface AuditCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  seq: number;
  sha256: string;
  createdAt: string;
  mac: string;
}

/** A checkpoint and where it was read from (a file name), for messages. */
export interface CheckpointSource {
  checkpoint: AuditCheckpoint;
  source: string;
}

/** The first problems listed in full; the rest only counted. */
export const MAX_LISTED_PROBLEMS = 1000;

const ZERO = '0'.repeat(64);
const PAGE = 5000;
const short = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : 'none');

export function checkpointMac(key: AuditKey, cp: Omit<AuditCheckpoint, 'mac'>): string {
  return key.checkpointMac(
    canonicalJson({ format: cp.format, seq: cp.seq, sha256: cp.sha256, createdAt: cp.createdAt }),
  );
}

/** A checkpoint file's content; throws naming the file when it is not one. */
export function parseCheckpoint(text: string, source: string): AuditCheckpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source}: not JSON, so not an audit checkpoint`);
  }
  const cp = value as Partial<AuditCheckpoint> | null;
  if (
    cp?.format !== CHECKPOINT_FORMAT ||
    !Number.isSafeInteger(cp.seq) ||
    (cp.seq as number) < 0 ||
    typeof cp.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(cp.sha256) ||
    typeof cp.createdAt !== 'string' ||
    typeof cp.mac !== 'string'
  )
    throw new Error(
      `${source}: not an audit checkpoint (expected format ${CHECKPOINT_FORMAT}, seq, sha256, createdAt, mac)`,
    );
  return {
    format: CHECKPOINT_FORMAT,
    seq: cp.seq as number,
    sha256: cp.sha256,
    createdAt: cp.createdAt,
    mac: cp.mac,
  };
}

/** `audit-checkpoint-<seq, 12 digits>-<time>.json`: files sort by seq. */
export const checkpointFileName = (cp: AuditCheckpoint): string =>
  `audit-checkpoint-${String(cp.seq).padStart(12, '0')}-${cp.createdAt.replace(/[-:.]/g, '')}.json`;

export interface VerifyOptions {
  checkpoints?: readonly CheckpointSource[];
}

type StoredEvent = AuditEvent & { mac: string | null };

interface Walk {
  result: AuditVerification;
  /** The last event read (seq 0 and the zero hash for an empty trail). */
  last: { seq: number; sha256: string };
}

async function walk(db: Sql, options: VerifyOptions): Promise<Walk> {
  const key = db.auditKey;
  const problems: { seq: number; problem: string; intactBefore: number }[] = [];
  let count = 0;
  let read = 0;
  const report = (seq: number, problem: string, intactBefore = read) => {
    count++;
    if (problems.length < MAX_LISTED_PROBLEMS) problems.push({ seq, problem, intactBefore });
  };
  const checkpoints = new Map<number, CheckpointSource[]>();
  for (const c of options.checkpoints ?? [])
    checkpoints.set(c.checkpoint.seq, [...(checkpoints.get(c.checkpoint.seq) ?? []), c]);
  const checkpointSigned = (c: CheckpointSource) =>
    !key || AuditKey.same(checkpointMac(key, c.checkpoint), c.checkpoint.mac);

  const head = (
    await db.query<{ seq: number; sha256: string; mac: string | null }>(
      'SELECT seq, sha256, mac FROM audit_head',
    )
  ).rows[0];
  let last: { seq: number; sha256: string; mac: string | null } = { seq: 0, sha256: ZERO, mac: null };
  let firstSigned: number | null = null;
  let firstUnsigned: { seq: number; intactBefore: number } | null = null;
  for (let after = -1; ; ) {
    const { rows } = await db.query<StoredEvent>(
      `SELECT ${EVENT_COLUMNS}, mac FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [after],
    );
    for (const event of rows) {
      const expected = last.seq + 1;
      if (event.seq !== expected)
        report(
          expected,
          event.seq > expected
            ? `event${event.seq - expected > 1 ? `s ${expected}–${event.seq - 1} are` : ` ${expected} is`} missing (next is ${event.seq})`
            : `event ${event.seq} is out of place (expected ${expected})`,
        );
      if (event.prev_sha256 !== last.sha256)
        report(
          event.seq,
          `prev_sha256 ${short(event.prev_sha256)} does not match the previous event's hash ${short(last.sha256)}`,
        );
      const { sha256: stored, mac, ...content } = event;
      const actual = eventHash(content);
      if (actual !== stored)
        report(
          event.seq,
          `content does not match its hash (stored ${short(stored)}, computed ${short(actual)})`,
        );
      if (key) {
        if (mac === null) {
          if (firstSigned !== null)
            report(
              event.seq,
              `carries no MAC: it was written without the audit key after event ${firstSigned} was signed`,
            );
          else firstUnsigned ??= { seq: event.seq, intactBefore: read };
        } else if (!AuditKey.same(key.eventMac(event.seq, stored), mac))
          report(
            event.seq,
            'its MAC does not match: not written with this audit key (a forged event, or an edit whose hashes were recomputed)',
          );
        else if (firstSigned === null) {
          firstSigned = event.seq;
          firstUnsigned = null; // an older version's events, vouched for by this MAC through the chain
        }
      }
      for (const c of checkpoints.get(event.seq) ?? []) {
        if (!checkpointSigned(c))
          report(
            event.seq,
            `checkpoint ${c.source}: its MAC does not match (not written with this audit key, or edited)`,
          );
        else if (c.checkpoint.sha256 !== stored)
          report(
            event.seq,
            `differs from checkpoint ${c.source} (hash ${short(stored)}, checkpoint ${short(c.checkpoint.sha256)}): the trail up to this event was rewritten`,
          );
      }
      checkpoints.delete(event.seq);
      last = { seq: event.seq, sha256: stored, mac };
      read++;
    }
    if (rows.length < PAGE) break;
    after = last.seq;
  }
  if (key && firstSigned === null && firstUnsigned)
    report(
      firstUnsigned.seq,
      `events ${firstUnsigned.seq}–${last.seq} carry no MAC: none of them is authenticated by the audit key`,
      firstUnsigned.intactBefore,
    );
  for (const [seq, list] of checkpoints)
    for (const c of list)
      report(
        seq,
        checkpointSigned(c)
          ? `checkpoint ${c.source} records event ${seq}, but the trail ends at event ${last.seq}: events were removed and the head moved back`
          : `checkpoint ${c.source}: its MAC does not match (not written with this audit key, or edited)`,
      );
  const headSeq = head?.seq ?? 0;
  if (!head) report(last.seq + 1, 'the head (audit_head) is missing');
  else if (head.seq !== last.seq || head.sha256 !== last.sha256)
    report(
      Math.min(head.seq, last.seq) + 1,
      `the chain ends at event ${last.seq} but the head records event ${head.seq}: events were removed or added outside the store`,
    );
  else if (key && head.mac !== last.mac) report(head.seq, "the head's MAC is not its event's");

  problems.sort((a, b) => a.seq - b.seq);
  const first = problems[0];
  const broken = problems.map(({ seq, problem }) => ({ seq, problem }));
  return {
    result: {
      ok: count === 0,
      events: first ? Math.min(...problems.map((p) => p.intactBefore)) : read,
      ...(first ? { firstBroken: { seq: first.seq, problem: first.problem } } : {}),
      headSeq,
      broken,
      brokenCount: count,
      eventsRead: read,
      keyChecked: key !== undefined,
      checkpoints: options.checkpoints?.length ?? 0,
    },
    last,
  };
}

/** Reads the whole trail once and reports every problem (see the file's comment). */
export async function verifyAudit(db: Sql, options: VerifyOptions = {}): Promise<AuditVerification> {
  return (await walk(db, options)).result;
}

/**
 * A checkpoint of the trail as it is now, made only when it verifies (with the key and the
 * checkpoints given): a checkpoint of a rewritten trail would vouch for the rewrite. Needs the key.
 */
export async function createCheckpoint(
  db: Sql,
  at: Date,
  options: VerifyOptions = {},
): Promise<{ checkpoint: AuditCheckpoint; verification: AuditVerification }> {
  const key = db.auditKey;
  if (!key)
    throw new Error(
      'an audit checkpoint is signed with the audit key: set TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE',
    );
  const { result, last } = await walk(db, options);
  if (!result.ok)
    throw new Error(
      `the audit trail does not verify (${result.brokenCount} problem(s), first at event ${result.firstBroken?.seq}: ${result.firstBroken?.problem}): no checkpoint written`,
    );
  const unsigned = {
    format: CHECKPOINT_FORMAT,
    seq: last.seq,
    sha256: last.sha256,
    createdAt: at.toISOString(),
  } as const;
  return { checkpoint: { ...unsigned, mac: checkpointMac(key, unsigned) }, verification: result };
}
