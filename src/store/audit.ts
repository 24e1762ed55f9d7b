/**
 * The audit trail's one write path and its verification. Every change to trial data calls
 * `recordAudit` inside the change's transaction; the event is chained to the previous one by SHA-256
 * over a canonical JSON of its content (keys sorted, so the hash does not depend on how jsonb orders
 * them on the way back).
 */

import { createHash } from 'node:crypto';
import type { AuditEvent, AuditVerification } from '../contracts/index.ts';
import type { Db, Sql } from './database.ts';

/** Who is acting, for every write: taken from the session by the server, from the CLI user otherwise. */
export interface Actor {
  userId: string | null;
  username: string;
  role: string | null;
  siteId: string | null;
  requestId?: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, username: 'system', role: null, siteId: null };

export type FieldChanges = Record<string, { before: unknown; after: unknown }>;

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  subjectId?: string | null;
  /** Site of the record changed (defaults to the actor's). */
  siteId?: string | null;
  changes: FieldChanges;
  reason?: string | null;
}

export type { AuditEvent };

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function eventHash(event: Omit<AuditEvent, 'sha256'>): string {
  return sha256(canonicalJson(event));
}

/** Field-level before/after of the fields that differ (compared as canonical JSON). */
export function fieldChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChanges {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const changes: FieldChanges = {};
  for (const key of keys) {
    const b = before?.[key] ?? null;
    const a = after?.[key] ?? null;
    if (canonicalJson(b) !== canonicalJson(a)) changes[key] = { before: b, after: a };
  }
  return changes;
}

export async function recordAudit(tx: Sql, actor: Actor, at: Date, input: AuditInput): Promise<AuditEvent> {
  return (await recordAudits(tx, actor, at, [input]))[0] as AuditEvent;
}

/**
 * Several events of one change, chained in order: one lock of the head, one statement that inserts them
 * and moves the head. The head's row lock orders writers; callers take it last in their transaction to
 * keep it short.
 */
export async function recordAudits(
  tx: Sql,
  actor: Actor,
  at: Date,
  inputs: readonly AuditInput[],
): Promise<AuditEvent[]> {
  const head = (
    await tx.query<{ seq: number; sha256: string }>('SELECT seq, sha256 FROM audit_head FOR UPDATE')
  ).rows[0];
  if (!head) throw new Error('audit_head is missing: the store was not migrated');
  const events: AuditEvent[] = [];
  let previous = head;
  for (const input of inputs) {
    const content: Omit<AuditEvent, 'sha256'> = {
      seq: previous.seq + 1,
      occurred_at: at.toISOString(),
      actor_id: actor.userId,
      actor: actor.username,
      role: actor.role,
      site_id: input.siteId === undefined ? actor.siteId : input.siteId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      subject_id: input.subjectId ?? null,
      changes: input.changes,
      reason: input.reason ?? null,
      request_id: actor.requestId ?? null,
      prev_sha256: previous.sha256,
    };
    const event: AuditEvent = { ...content, sha256: eventHash(content) };
    events.push(event);
    previous = event;
  }
  const column = <K extends keyof AuditEvent>(key: K) => events.map((e) => e[key]);
  await tx.query(
    `WITH inserted AS (
       INSERT INTO audit_event (seq, occurred_at, actor_id, actor, role, site_id, action, entity_type, entity_id,
         subject_id, changes, reason, request_id, prev_sha256, sha256)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::uuid[], $11::jsonb[], $12::text[], $13::text[], $14::text[], $15::text[]))
     UPDATE audit_head SET seq = $16, sha256 = $17`,
    [
      column('seq'),
      column('occurred_at'),
      column('actor_id'),
      column('actor'),
      column('role'),
      column('site_id'),
      column('action'),
      column('entity_type'),
      column('entity_id'),
      column('subject_id'),
      events.map((e) => JSON.stringify(e.changes)),
      column('reason'),
      column('request_id'),
      column('prev_sha256'),
      column('sha256'),
      previous.seq,
      previous.sha256,
    ],
  );
  return events;
}

const PAGE = 5000;

/** Which events to read: every field given must match (none given: the whole trail). */
export interface AuditFilter {
  /** Events about one subject (its internal ID, as stored with each event). */
  subjectId?: string;
}

/**
 * The filter as parameterized SQL: a condition per field given, its value a parameter numbered from
 * `first` — never text from the caller in the statement.
 */
function auditWhere(filter: AuditFilter, first: number): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.subjectId !== undefined) {
    params.push(filter.subjectId);
    conditions.push(`subject_id = $${first + params.length - 1}`);
  }
  return { sql: conditions.length ? conditions.join(' AND ') : 'TRUE', params };
}

/**
 * The events that match `filter`, in order, a page at a time (keyset pagination: memory stays flat for
 * any trail length).
 */
export async function* auditEvents(db: Sql, filter: AuditFilter = {}): AsyncGenerator<AuditEvent> {
  const where = auditWhere(filter, 2);
  let after = 0;
  for (;;) {
    const { rows } = await db.query<AuditEvent>(
      `SELECT * FROM audit_event WHERE seq > $1 AND ${where.sql} ORDER BY seq LIMIT ${PAGE}`,
      [after, ...where.params],
    );
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    after = (rows[rows.length - 1] as AuditEvent).seq;
  }
}

export type { AuditVerification };

export async function verifyAudit(db: Db): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prev = '0'.repeat(64);
  let events = 0;
  const broken = (seq: number, problem: string, headSeq: number): AuditVerification => ({
    ok: false,
    events,
    firstBroken: { seq, problem },
    headSeq,
  });
  const head = (await db.query<{ seq: number; sha256: string }>('SELECT seq, sha256 FROM audit_head'))
    .rows[0];
  const headSeq = head?.seq ?? 0;
  for await (const event of auditEvents(db)) {
    if (event.seq !== expectedSeq)
      return broken(expectedSeq, `event ${expectedSeq} is missing (next is ${event.seq})`, headSeq);
    if (event.prev_sha256 !== prev)
      return broken(
        event.seq,
        `prev_sha256 ${event.prev_sha256.slice(0, 12)}… does not match the previous event's hash ${prev.slice(0, 12)}…`,
        headSeq,
      );
    const { sha256: stored, ...content } = event;
    const actual = eventHash(content);
    if (actual !== stored)
      return broken(
        event.seq,
        `content does not match its hash (stored ${stored.slice(0, 12)}…, computed ${actual.slice(0, 12)}…)`,
        headSeq,
      );
    prev = stored;
    expectedSeq++;
    events++;
  }
  if (!head || head.seq !== events || head.sha256 !== prev)
    return broken(
      events + 1,
      `the chain ends at event ${events} but the head records event ${headSeq}: events were removed or added outside the store`,
      headSeq,
    );
  return { ok: true, events, headSeq };
}
