/**
 * The audit trail's one write path and its verification. Every change to trial data calls
 * `recordAudit` inside the change's transaction; the event is chained to the previous one by SHA-256
 * over a canonical JSON of its content (keys sorted, so the hash does not depend on how jsonb orders
 * them on the way back).
 */

import { createHash } from 'node:crypto';
import type { AuditEvent } from '../contracts/index.ts';
import { AuditKey } from './audit-key.ts';
import type { Sql } from './database.ts';
import { TrialError } from './errors.ts';

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
  /** Who acted, when not the call's actor: one call may then write the events of several users (a batch of randomizations). */
  actor?: Actor;
}

export type { AuditEvent };

/** How deep canonicalJson follows objects and arrays by default (the value itself is level 1). */
export const MAX_CANONICAL_DEPTH = 10_000;

type Frame = { entries: [string | null, unknown][]; next: number; close: string; value: object };

/**
 * JSON with object keys sorted at every level; otherwise as JSON.stringify writes it (`undefined`,
 * functions and symbols dropped from objects and written `null` in arrays, `toJSON` honoured). Iterative,
 * so a value nested 10,000 deep costs a loop, not the stack; deeper than `maxDepth`, or cyclic, is an error.
 */
export function canonicalJson(value: unknown, maxDepth = MAX_CANONICAL_DEPTH): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const onPath = new Set<object>();
  const write = (raw: unknown, key: string | null) => {
    const v =
      raw !== null && typeof raw === 'object' && typeof (raw as { toJSON?: unknown }).toJSON === 'function'
        ? (raw as { toJSON(key: string): unknown }).toJSON(key ?? '')
        : raw;
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'null');
      return;
    }
    if (stack.length >= maxDepth)
      throw new RangeError(`canonicalJson: nested deeper than ${maxDepth} levels`);
    if (onPath.has(v)) throw new TypeError('canonicalJson: the value is cyclic');
    onPath.add(v);
    if (Array.isArray(v)) {
      out.push('[');
      stack.push({ entries: v.map((item) => [null, item]), next: 0, close: ']', value: v });
      return;
    }
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(
        ([, member]) => member !== undefined && typeof member !== 'function' && typeof member !== 'symbol',
      )
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out.push('{');
    stack.push({ entries, next: 0, close: '}', value: v });
  };
  write(value, null);
  for (let frame = stack.at(-1); frame; frame = stack.at(-1)) {
    if (frame.next === frame.entries.length) {
      out.push(frame.close);
      onPath.delete(frame.value);
      stack.pop();
      continue;
    }
    const [key, member] = frame.entries[frame.next] as [string | null, unknown];
    if (frame.next++ > 0) out.push(',');
    if (key !== null) out.push(`${JSON.stringify(key)}:`);
    write(member, key ?? String(frame.next - 1));
  }
  return out.join('');
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
 * How deep an event may nest (the event is level 1, `changes` 2, a field's before/after 4): the edge
 * accepts bodies 64 deep (src/contracts/limits.ts), and a field's value may be such a body.
 */
export const MAX_AUDIT_DEPTH = 100;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A path segment for a message: field names as they are, anything else quoted and cut short. */
const segment = (key: string): string =>
  /^[A-Za-z_][A-Za-z0-9_-]{0,40}$/.test(key) ? key : JSON.stringify(key.slice(0, 20));

/**
 * Refuses content that PostgreSQL would store other than it was hashed, before anything is written: a
 * NUL (text and jsonb cannot hold one), a lone surrogate (UTF-8 has no such character: the drivers write
 * U+FFFD, and the event would no longer match its hash — issue 14), nesting beyond MAX_AUDIT_DEPTH.
 * Iterative, like canonicalJson. The message names the field, never its value.
 */
function checkStorable(content: Record<string, unknown>): void {
  const pending: [unknown, string, number][] = [[content, '', 1]];
  const refuse = (path: string, problem: string) =>
    new TrialError('invalid', `audit event: ${path || 'the event'} ${problem}`, { field: path });
  const checkText = (text: string, path: string, what: string) => {
    if (text.includes('\u0000'))
      throw refuse(path, `${what} holds a NUL character, which PostgreSQL cannot store`);
    if (LONE_SURROGATE.test(text))
      throw refuse(path, `${what} holds a lone surrogate (text that is not well-formed Unicode)`);
  };
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [value, path, depth] = item;
    if (typeof value === 'string') checkText(value, path, 'text');
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_AUDIT_DEPTH) throw refuse(path, `is nested deeper than ${MAX_AUDIT_DEPTH} levels`);
    for (const [key, member] of Object.entries(value)) {
      const at = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${segment(key)}` : segment(key);
      checkText(key, at, 'its name');
      pending.push([member, at, depth + 1]);
    }
  }
}

/** The columns of an event as the contract shows it (audit_event also holds `mac`). */
export const EVENT_COLUMNS =
  'seq, occurred_at, actor_id, actor, role, site_id, action, entity_type, entity_id, subject_id, changes, reason, request_id, prev_sha256, sha256';

/**
 * Several events of one change, chained in order: one lock of the head, one statement that inserts them
 * and moves the head. The head's row lock orders writers; callers take it last in their transaction to
 * keep it short.
 *
 * Each event is hashed over exactly what is stored: content PostgreSQL would change is refused first
 * (checkStorable), `changes` is sent as the very canonical JSON that was hashed, and the rows as stored
 * come back from the same statement and are hashed again — a difference rolls the change back instead of
 * leaving an event that verification would report broken forever. With an audit key (`tx.auditKey`),
 * each event also gets its MAC; a trail already signed refuses writes without the key, or with another.
 *
 * Audit times never run backwards against seq (issue 14 item 5). `at` is the time the caller read before
 * its transaction waited for the head's lock, so a writer that read its time first may be chained after
 * one that read it later. The head keeps the last event's time, and an event is recorded at `at` or at
 * that time, whichever is later. Why the head and not a clock read after the lock: the time must be the
 * one the caller also writes into its own rows (and the injected clock of tests), and several server
 * processes have several clocks, so a later reading in one process can still be earlier than another's;
 * and the head row is what the lock returns in its newest version, while any other row read in the same
 * statement comes from the snapshot taken before the wait (READ COMMITTED). An event so moved is later
 * than its caller's time by at most the wait or the clocks' skew.
 */
export async function recordAudits(
  tx: Sql,
  actor: Actor,
  at: Date,
  inputs: readonly AuditInput[],
): Promise<AuditEvent[]> {
  if (inputs.length === 0) return [];
  const head = (
    await tx.query<{ seq: number; sha256: string; mac: string | null; occurred_at: string | null }>(
      'SELECT seq, sha256, mac, occurred_at FROM audit_head FOR UPDATE',
    )
  ).rows[0];
  if (!head) throw new Error('audit_head is missing: the store was not migrated');
  const occurredAt =
    head.occurred_at !== null && Date.parse(head.occurred_at) > at.getTime()
      ? head.occurred_at
      : at.toISOString();
  const key = tx.auditKey;
  if (head.mac !== null && !key)
    throw new Error(
      'this audit trail is signed with an audit key: set TRIALKIT_AUDIT_KEY or TRIALKIT_AUDIT_KEY_FILE to write to it (docs/decisions/0011)',
    );
  if (head.mac !== null && key && !AuditKey.same(key.eventMac(head.seq, head.sha256), head.mac))
    throw new Error(
      `the audit key is not the one that signed this trail, or its head (event ${head.seq}) was altered: nothing is written; run \`trialkit audit verify\``,
    );
  const events: AuditEvent[] = [];
  let previous: { seq: number; sha256: string } = head;
  for (const input of inputs) {
    const by = input.actor ?? actor;
    const content: Omit<AuditEvent, 'sha256'> = {
      seq: previous.seq + 1,
      occurred_at: occurredAt,
      actor_id: by.userId,
      actor: by.username,
      role: by.role,
      site_id: input.siteId === undefined ? by.siteId : input.siteId,
      action: input.action,
      entity_type: input.entityType,
      entity_id: input.entityId,
      subject_id: input.subjectId ?? null,
      changes: input.changes,
      reason: input.reason ?? null,
      request_id: by.requestId ?? null,
      prev_sha256: previous.sha256,
    };
    checkStorable(content);
    const event: AuditEvent = { ...content, sha256: eventHash(content) };
    events.push(event);
    previous = event;
  }
  const macs = events.map((e) => (key ? key.eventMac(e.seq, e.sha256) : null));
  const column = <K extends keyof AuditEvent>(name: K) => events.map((e) => e[name]);
  const { rows: stored } = await tx.query<AuditEvent>(
    `WITH inserted AS (
       INSERT INTO audit_event (seq, occurred_at, actor_id, actor, role, site_id, action, entity_type, entity_id,
         subject_id, changes, reason, request_id, prev_sha256, sha256, mac)
       SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::uuid[], $11::jsonb[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[])
       RETURNING ${EVENT_COLUMNS}),
     moved AS (UPDATE audit_head SET seq = $17, sha256 = $18, mac = $19, occurred_at = $20)
     SELECT * FROM inserted ORDER BY seq`,
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
      events.map((e) => canonicalJson(e.changes)),
      column('reason'),
      column('request_id'),
      column('prev_sha256'),
      column('sha256'),
      macs,
      previous.seq,
      previous.sha256,
      macs.at(-1) ?? null,
      occurredAt,
    ],
  );
  for (const row of stored) {
    const { sha256: hashed, ...content } = row;
    if (eventHash(content) !== hashed) {
      const sent = events.find((e) => e.seq === row.seq) as AuditEvent;
      const fields = (Object.keys(content) as (keyof typeof content)[]).filter(
        (f) => canonicalJson(content[f]) !== canonicalJson(sent[f]),
      );
      throw new Error(
        `audit event ${row.seq}: PostgreSQL stored ${fields.join(', ') || 'it'} differently from what was hashed; the change is not written`,
      );
    }
  }
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
      `SELECT ${EVENT_COLUMNS} FROM audit_event WHERE seq > $1 AND ${where.sql} ORDER BY seq LIMIT ${PAGE}`,
      [after, ...where.params],
    );
    for (const row of rows) yield row;
    if (rows.length < PAGE) return;
    after = (rows[rows.length - 1] as AuditEvent).seq;
  }
}
