/**
 * The audit trail refuses UPDATE, DELETE and TRUNCATE, `verifyAudit` names the first event of a
 * chain broken around the triggers (a superuser with the triggers disabled, a forged insert), and
 * `auditEvents` reads it through a typed filter whose values are parameters, never SQL.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/database.ts';
import {
  type Actor,
  type AuditEvent,
  auditEvents,
  canonicalJson,
  fieldChanges,
  recordAudit,
  verifyAudit,
} from './audit.ts';
import type { Db } from './database.ts';
import { migrate } from './migrate.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'admin', siteId: null, requestId: 'req-1' };
const at = new Date('2026-03-30T14:00:00.123Z');

async function writeEvents(db: Db, n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await db.transaction((tx) =>
      recordAudit(tx, actor, at, {
        action: 'test.change',
        entityType: 'thing',
        entityId: `t${i}`,
        changes: { value: { before: i, after: i + 0.5 } },
        reason: i ? 'fix' : null,
      }),
    );
}

describe('canonicalJson and fieldChanges', () => {
  it('sorts keys at every level, so equal content hashes equally however it was ordered', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}',
    );
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
  it('lists only the fields that differ, with before and after', () => {
    expect(fieldChanges({ a: 1, b: 'x', c: [1] }, { a: 1, b: 'y', c: [1], d: true })).toEqual({
      b: { before: 'x', after: 'y' },
      d: { before: null, after: true },
    });
    expect(fieldChanges(null, { a: 1 })).toEqual({ a: { before: null, after: 1 } });
  });
});

describe.each(backends())('audit trail on $name', (backend) => {
  let db: Db;
  beforeEach(async () => {
    db = await backend.open();
    await migrate(db);
  });
  afterEach(() => db.close());

  it('chains events and verifies them', async () => {
    await writeEvents(db, 5);
    expect(await verifyAudit(db)).toEqual({ ok: true, events: 5, headSeq: 5 });
    const { rows } = await db.query<{ seq: number; prev_sha256: string; sha256: string }>(
      'SELECT seq, prev_sha256, sha256 FROM audit_event ORDER BY seq',
    );
    expect(rows[0]?.prev_sha256).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_sha256).toBe(rows[i - 1]?.sha256);
  });

  it.each([
    ['UPDATE', "UPDATE audit_event SET reason = 'edited' WHERE seq = 2"],
    ['DELETE', 'DELETE FROM audit_event WHERE seq = 2'],
    ['TRUNCATE', 'TRUNCATE audit_event'],
  ])('refuses %s', async (_op, sql) => {
    await writeEvents(db, 3);
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
    expect((await verifyAudit(db)).ok).toBe(true);
  });

  it('finds an edit made with the triggers disabled, naming the event', async () => {
    await writeEvents(db, 4);
    await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await db.query(`UPDATE audit_event SET changes = '{"value":{"before":2,"after":99}}' WHERE seq = 3`);
    const result = await verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(3);
    expect(result.firstBroken?.problem).toContain('content does not match its hash');
  });

  it('finds a deleted event', async () => {
    await writeEvents(db, 4);
    await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await db.query('DELETE FROM audit_event WHERE seq = 2');
    expect((await verifyAudit(db)).firstBroken).toMatchObject({
      seq: 2,
      problem: expect.stringContaining('missing'),
    });
  });

  it('finds a forged event whose hash is right but whose link is not', async () => {
    await writeEvents(db, 2);
    // A forger computes a valid-looking row and appends it without going through the head.
    await db.query(
      `INSERT INTO audit_event (seq, occurred_at, actor, action, entity_type, entity_id, changes, prev_sha256, sha256)
       VALUES (3, now(), 'forger', 'test.change', 'thing', 'x', '{}', $1, $1)`,
      ['f'.repeat(64)],
    );
    const result = await verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(result.firstBroken?.seq).toBe(3);
  });

  it('reads the whole trail in order, or only the events of one subject', async () => {
    const [first, second] = [randomUUID(), randomUUID()];
    for (const [i, subjectId] of [first, second, first, null].entries())
      await db.transaction((tx) =>
        recordAudit(tx, actor, at, {
          action: 'test.change',
          entityType: 'thing',
          entityId: `t${i}`,
          subjectId,
          changes: { value: { before: null, after: i } },
        }),
      );
    const read = async (filter?: Parameters<typeof auditEvents>[1]) => {
      const events: AuditEvent[] = [];
      for await (const event of auditEvents(db, filter)) events.push(event);
      return events.map((e) => e.entity_id);
    };
    expect(await read()).toEqual(['t0', 't1', 't2', 't3']);
    expect(await read({})).toEqual(['t0', 't1', 't2', 't3']);
    expect(await read({ subjectId: first })).toEqual(['t0', 't2']);
    expect(await read({ subjectId: second })).toEqual(['t1']);
    expect(await read({ subjectId: randomUUID() })).toEqual([]);
    // The value is a parameter: SQL in it is a value that is not a subject ID, never a condition.
    await expect(read({ subjectId: "' OR TRUE --" })).rejects.toThrow(/uuid/i);
  });

  it('finds events appended outside the store (head not moved)', async () => {
    await writeEvents(db, 2);
    const { rows } = await db.query<{ sha256: string }>('SELECT sha256 FROM audit_event WHERE seq = 2');
    await db.query('UPDATE audit_head SET seq = 1');
    const result = await verifyAudit(db);
    expect(result.ok).toBe(false);
    expect(rows[0]?.sha256).toBeDefined();
    expect(result.firstBroken?.problem).toContain('head records event 1');
  });
});
