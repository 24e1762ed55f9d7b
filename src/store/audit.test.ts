/**
 * The audit trail refuses UPDATE, DELETE and TRUNCATE, `verifyAudit` names the first event of a
 * chain broken around the triggers (a superuser with the triggers disabled, a forged insert), and
 * `auditEvents` reads it through a typed filter whose values are parameters, never SQL. The anchor
 * (audit key, checkpoints) and every-problem reporting: audit-anchor.test.ts.
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
  MAX_AUDIT_DEPTH,
  recordAudit,
} from './audit.ts';
import { verifyAudit } from './audit-verify.ts';
import type { Db } from './database.ts';
import { TrialError } from './errors.ts';

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
  it('follows values nested 10,000 deep without using the stack, and refuses cycles and excess depth', () => {
    // Issue 14: JSON nested 10,000 deep overflowed the recursive version (RangeError: call stack).
    let deep: unknown = 1;
    let expected = '1';
    for (let i = 0; i < 10_000; i++) {
      deep = i % 2 ? [deep] : { k: deep };
      expected = i % 2 ? `[${expected}]` : `{"k":${expected}}`;
    }
    expect(canonicalJson(deep)).toBe(expected); // JSON.stringify itself overflows the stack here
    expect(() => canonicalJson(deep, 100)).toThrow(/deeper than 100/);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });
  it('writes what JSON.stringify writes apart from key order (toJSON, undefined, functions)', () => {
    const value = {
      when: new Date('2026-03-30T14:00:00Z'),
      list: [undefined, () => 1, 2],
      f: () => 1,
      u: undefined,
    };
    expect(canonicalJson(value)).toBe(
      JSON.stringify({ f: undefined, list: value.list, u: undefined, when: value.when }),
    );
    expect(canonicalJson(value)).toBe('{"list":[null,null,2],"when":"2026-03-30T14:00:00.000Z"}');
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
    db = await backend.openMigrated();
  });
  afterEach(() => db.close());

  it('chains events and verifies them', async () => {
    await writeEvents(db, 5);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 5, headSeq: 5, broken: [] });
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

  describe('hashes exactly what is stored', () => {
    const write = (input: Partial<Parameters<typeof recordAudit>[3]>) =>
      db.transaction((tx) =>
        recordAudit(tx, actor, at, {
          action: 'test.change',
          entityType: 'thing',
          entityId: 't',
          changes: {},
          ...input,
        }),
      );
    const head = async () => (await db.query<{ seq: number }>('SELECT seq FROM audit_head')).rows[0]?.seq;

    // Issue 14: a lone surrogate was hashed as written and stored as U+FFFD, so verify reported the event
    // broken forever; a NUL in text or jsonb was a database error. Straight to the store, not through HTTP.
    it.each([
      ['a lone surrogate in the reason', { reason: 'typo \ud800 fixed' }, 'reason', /lone surrogate/],
      [
        'a lone low surrogate in a value',
        { changes: { a: { before: 'x\udc00', after: 1 } } },
        'changes.a.before',
        /lone surrogate/,
      ],
      [
        'a lone surrogate in a field name',
        { changes: { 'k\ud800': { before: 1, after: 2 } } },
        'changes."k\\ud800"',
        /its name holds a lone surrogate/,
      ],
      ['a NUL in the reason', { reason: 'nul\u0000here' }, 'reason', /NUL character/],
      [
        'a NUL in a value',
        { changes: { a: { before: null, after: ['ok', 'x\u0000'] } } },
        'changes.a.after[1]',
        /NUL character/,
      ],
      ['a NUL in the entity ID', { entityId: 'id\u0000' }, 'entity_id', /NUL character/],
    ])(
      'refuses %s with an error naming the field; nothing is written',
      async (_what, input, field, message) => {
        await write({ reason: 'first' });
        const error = await write(input).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(TrialError);
        expect(error).toMatchObject({ kind: 'invalid', detail: { field } });
        expect((error as Error).message).toMatch(message);
        expect(await head()).toBe(1);
        await write({ reason: 'after' });
        expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 2 });
      },
    );

    it('stores and verifies well-formed text of any plane, and a value nested as deep as the edge allows', async () => {
      let nested: unknown = 'leaf 🧬';
      for (let i = 0; i < 64; i++) nested = { n: nested };
      await write({ reason: 'Œdème 肝 🩺 \u00a0', changes: { note: { before: 'ａｂｃ 𝔘', after: nested } } });
      expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 1 });
    });

    it(`refuses content nested deeper than ${MAX_AUDIT_DEPTH} levels`, async () => {
      let nested: unknown = 1;
      for (let i = 0; i < 10_000; i++) nested = [nested];
      await expect(write({ changes: { a: { before: null, after: nested } } })).rejects.toThrow(
        /changes\.a\.after.* nested deeper than 100 levels/,
      );
      expect(await head()).toBe(0);
    });

    it('reads back what PostgreSQL stored and refuses the change when it differs from what was hashed', async () => {
      // A stand-in for any conversion between the text sent and the row kept: a trigger that alters it.
      await db.exec(`CREATE FUNCTION test_mangle() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.reason := NEW.reason || '!'; RETURN NEW; END; $$;
        CREATE TRIGGER test_mangle BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_mangle();`);
      await expect(write({ reason: 'said' })).rejects.toThrow(
        /stored reason differently from what was hashed/,
      );
      expect(await head()).toBe(0);
      expect((await db.query('SELECT 1 FROM audit_event')).rowCount).toBe(0);
    });
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

  // Issue 14 item 5: callers read their time before they wait for the head's lock, so a writer that
  // read its time first could be chained after one that read it later, its event earlier than the one
  // before it. Writers here read times that run backwards against the order they reach the lock.
  it('never records an event earlier than the one before it, however concurrent writers read their times', async () => {
    const base = Date.parse('2026-03-30T14:00:00.000Z');
    const times = Array.from({ length: 24 }, (_, i) => new Date(base - i * 7));
    const written = await Promise.all(
      times.map((time, i) =>
        db.transaction(async (tx) => {
          await tx.query('SELECT pg_sleep($1)', [(i % 3) / 1000]);
          return recordAudit(tx, actor, time, {
            action: 'test.change',
            entityType: 'thing',
            entityId: `w${i}`,
            changes: {},
          });
        }),
      ),
    );
    const { rows } = await db.query<{ seq: number; occurred_at: string; entity_id: string }>(
      'SELECT seq, occurred_at, entity_id FROM audit_event ORDER BY seq',
    );
    expect(rows).toHaveLength(times.length);
    for (let i = 1; i < rows.length; i++)
      expect(
        Date.parse(rows[i]?.occurred_at as string),
        `event ${rows[i]?.seq} at ${rows[i]?.occurred_at}, the one before at ${rows[i - 1]?.occurred_at}`,
      ).toBeGreaterThanOrEqual(Date.parse(rows[i - 1]?.occurred_at as string));
    // An event's time is never before its writer's own, and the events returned are those stored.
    for (const [i, event] of written.entries()) {
      expect(Date.parse(event.occurred_at)).toBeGreaterThanOrEqual(times[i]?.getTime() as number);
      expect(rows.find((r) => r.seq === event.seq)).toMatchObject({ occurred_at: event.occurred_at });
    }
    expect(await verifyAudit(db)).toMatchObject({ ok: true, events: times.length });
    // The head keeps the last time: a writer after all of them with an earlier time is still not earlier.
    const late = await db.transaction((tx) =>
      recordAudit(tx, actor, new Date(base - 60_000), {
        action: 'x',
        entityType: 't',
        entityId: 'z',
        changes: {},
      }),
    );
    expect(late.occurred_at).toBe(rows.at(-1)?.occurred_at);
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
