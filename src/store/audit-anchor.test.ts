/**
 * The audit trail's anchor (issue 14 item 7, docs/decisions/0011), attacked as the database owner would:
 * direct SQL with the audit table's triggers disabled. The hash chain alone cannot tell a consistent
 * rewrite from the original; the audit key's MACs find an edited event whose later hashes were all
 * recomputed and a forged event appended, and checkpoints kept outside the database find a dropped
 * tail whose head was moved back. Verification reports every problem, not only the first.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/database.ts';
import { type Actor, type AuditEvent, eventHash, recordAudit } from './audit.ts';
import { AuditKey } from './audit-key.ts';
import { type CheckpointSource, createCheckpoint, verifyAudit } from './audit-verify.ts';
import { type Db, withAuditKey } from './database.ts';
import { auditKeyFromEnv } from './environment.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'admin', siteId: null };
const at = new Date('2026-03-30T14:00:00.000Z');
const KEY_BYTES = Buffer.alloc(32, 0x42);
const KEY = new AuditKey(KEY_BYTES);
const OTHER_KEY = new AuditKey(Buffer.alloc(32, 0x43));

const write = (db: Db, n: number, from = 0) =>
  (async () => {
    for (let i = from; i < from + n; i++)
      await db.transaction((tx) =>
        recordAudit(tx, actor, at, {
          action: 'test.change',
          entityType: 'thing',
          entityId: `t${i}`,
          changes: { value: { before: i, after: i + 1 } },
        }),
      );
  })();

type Row = AuditEvent & { mac: string | null };
const rows = async (db: Db): Promise<Row[]> =>
  (await db.query<Row>('SELECT * FROM audit_event ORDER BY seq')).rows;

/** The owner's way around the triggers (ALTER TABLE … DISABLE TRIGGER), the same SQL on both backends. */
async function asOwner(db: Db, sql: string, params?: unknown[]): Promise<void> {
  await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
  try {
    await db.query(sql, params);
  } finally {
    await db.exec('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
  }
}

/**
 * Edits event `seq` and recomputes the hash of it and of every later event, and the head: a chain that
 * is consistent again. The MACs cannot be recomputed without the key, so they are left as they were.
 */
async function rewrite(db: Db, seq: number, changes: AuditEvent['changes']): Promise<void> {
  let prev: string | null = null;
  for (const row of await rows(db)) {
    if (row.seq < seq) {
      prev = row.sha256;
      continue;
    }
    const { sha256: _old, mac: _mac, ...content } = row;
    const edited = {
      ...content,
      prev_sha256: prev ?? content.prev_sha256,
      ...(row.seq === seq ? { changes } : {}),
    };
    const sha256 = eventHash(edited);
    await asOwner(db, 'UPDATE audit_event SET changes = $2, prev_sha256 = $3, sha256 = $4 WHERE seq = $1', [
      row.seq,
      JSON.stringify(edited.changes),
      edited.prev_sha256,
      sha256,
    ]);
    prev = sha256;
  }
  const last = (await rows(db)).at(-1) as Row;
  await db.query('UPDATE audit_head SET seq = $1, sha256 = $2', [last.seq, last.sha256]);
}

const seqs = (v: { broken?: { seq: number }[] }) => v.broken?.map((b) => b.seq);

describe.each(backends())('the audit trail anchored on $name', (backend) => {
  let raw: Db;
  /** The same database with the audit key: writes MAC their events, verification checks the MACs. */
  let db: Db;
  beforeEach(async () => {
    raw = await backend.openMigrated();
    db = withAuditKey(raw, KEY);
  });
  afterEach(() => raw.close());

  it('reports every broken event, gap and link, not only the first', async () => {
    await write(raw, 8);
    await asOwner(raw, `UPDATE audit_event SET changes = '{"value":{"before":1,"after":99}}' WHERE seq = 2`);
    await asOwner(raw, `UPDATE audit_event SET reason = 'later edit' WHERE seq = 5`);
    await asOwner(raw, 'DELETE FROM audit_event WHERE seq = 7');
    const result = await verifyAudit(raw);
    expect(result).toMatchObject({ ok: false, events: 1, headSeq: 8, brokenCount: 4, eventsRead: 7 });
    expect(result.firstBroken).toEqual(result.broken?.[0]);
    expect(result.broken).toEqual([
      { seq: 2, problem: expect.stringContaining('content does not match its hash') },
      { seq: 5, problem: expect.stringContaining('content does not match its hash') },
      { seq: 7, problem: 'event 7 is missing (next is 8)' },
      { seq: 8, problem: expect.stringContaining("does not match the previous event's hash") },
    ]);
  });

  it('signs each event: an edit with every later hash recomputed passes the chain alone, not the key', async () => {
    await write(db, 6);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 6, keyChecked: true, broken: [] });
    await rewrite(raw, 3, { value: { before: 2, after: 42 } });
    // Issue 14: the owner's consistent rewrite is "intact" to the hash chain …
    expect(await verifyAudit(raw)).toMatchObject({ ok: true, keyChecked: false });
    // … and found by the key, at the edited event and each one whose hash was recomputed.
    const result = await verifyAudit(db);
    expect(result).toMatchObject({ ok: false, events: 2, brokenCount: 4 });
    expect(seqs(result)).toEqual([3, 4, 5, 6]);
    expect(result.firstBroken?.problem).toContain('its MAC does not match');
  });

  it('finds a forged event appended with a right hash and link, with no MAC or a made-up one', async () => {
    await write(db, 3);
    const last = (await rows(raw)).at(-1) as Row;
    const forged = {
      seq: 4,
      occurred_at: at.toISOString(),
      actor_id: null,
      actor: 'forger',
      role: 'admin',
      site_id: null,
      action: 'test.change',
      entity_type: 'thing',
      entity_id: 'x',
      subject_id: null,
      changes: {},
      reason: null,
      request_id: null,
      prev_sha256: last.sha256,
    };
    const sha256 = eventHash(forged);
    await raw.query(
      `INSERT INTO audit_event (seq, occurred_at, actor, role, action, entity_type, entity_id, changes, prev_sha256, sha256)
       VALUES (4, $1, 'forger', 'admin', 'test.change', 'thing', 'x', '{}', $2, $3)`,
      [forged.occurred_at, last.sha256, sha256],
    );
    await raw.query('UPDATE audit_head SET seq = 4, sha256 = $1, mac = NULL', [sha256]);
    expect((await verifyAudit(raw)).ok).toBe(true);
    expect((await verifyAudit(db)).broken).toEqual([
      { seq: 4, problem: expect.stringContaining('carries no MAC') },
    ]);
    await asOwner(raw, "UPDATE audit_event SET mac = repeat('ab', 32) WHERE seq = 4");
    await raw.query("UPDATE audit_head SET mac = repeat('ab', 32)");
    expect((await verifyAudit(db)).broken).toEqual([
      { seq: 4, problem: expect.stringContaining('its MAC does not match') },
    ]);
  });

  it('finds a trail whose MACs were stripped and which was rewritten: none of it is authenticated', async () => {
    await write(db, 4);
    await asOwner(raw, 'UPDATE audit_event SET mac = NULL');
    await raw.query('UPDATE audit_head SET mac = NULL');
    await rewrite(raw, 1, { value: { before: 0, after: 7 } });
    expect((await verifyAudit(raw)).ok).toBe(true);
    expect((await verifyAudit(db)).broken).toEqual([
      { seq: 1, problem: 'events 1–4 carry no MAC: none of them is authenticated by the audit key' },
    ]);
  });

  describe('checkpoints', () => {
    const checkpointAt = async (name = 'cp.json'): Promise<CheckpointSource> => ({
      checkpoint: (await createCheckpoint(db, at)).checkpoint,
      source: name,
    });

    it('find a dropped tail with the head moved back, which the MACs alone cannot', async () => {
      await write(db, 6);
      const checkpoint = await checkpointAt('audit-checkpoint-6.json');
      expect(checkpoint.checkpoint).toMatchObject({ seq: 6, sha256: (await rows(raw))[5]?.sha256 });
      const fourth = (await rows(raw))[3] as Row;
      await asOwner(raw, 'DELETE FROM audit_event WHERE seq > 4');
      await raw.query('UPDATE audit_head SET seq = 4, sha256 = $1, mac = $2', [fourth.sha256, fourth.mac]);
      // Every remaining event is signed: a prefix of a signed trail is a signed trail …
      expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 4 });
      // … but not the trail that a checkpoint kept outside the database saw.
      const result = await verifyAudit(db, { checkpoints: [checkpoint] });
      expect(result).toMatchObject({ ok: false, events: 4, checkpoints: 1 });
      expect(result.broken).toEqual([
        {
          seq: 6,
          problem:
            'checkpoint audit-checkpoint-6.json records event 6, but the trail ends at event 4: events were removed and the head moved back',
        },
      ]);
    });

    it('find a rewrite before them, with or without the key, and later events still verify', async () => {
      await write(db, 5);
      const checkpoint = await checkpointAt();
      await write(db, 2, 5);
      expect((await verifyAudit(db, { checkpoints: [checkpoint] })).ok).toBe(true);
      await rewrite(raw, 2, { value: { before: 1, after: 0 } });
      const unkeyed = await verifyAudit(raw, { checkpoints: [checkpoint] });
      expect(unkeyed.broken).toEqual([
        { seq: 5, problem: expect.stringContaining('differs from checkpoint cp.json') },
      ]);
      expect(unkeyed.firstBroken?.problem).toContain('the trail up to this event was rewritten');
    });

    it('are signed: a checkpoint edited to match a rewritten trail is refused with the key', async () => {
      await write(db, 3);
      const { checkpoint } = await checkpointAt();
      await rewrite(raw, 3, { value: { before: 2, after: 0 } });
      const forged = {
        checkpoint: { ...checkpoint, sha256: (await rows(raw))[2]?.sha256 as string },
        source: 'cp.json',
      };
      expect(seqs(await verifyAudit(raw, { checkpoints: [forged] }))).toEqual([]);
      const result = await verifyAudit(db, { checkpoints: [forged] });
      expect(result.broken).toContainEqual({
        seq: 3,
        problem: 'checkpoint cp.json: its MAC does not match (not written with this audit key, or edited)',
      });
    });

    it('are made only of a trail that verifies, and only with the key', async () => {
      await write(db, 2);
      await asOwner(raw, "UPDATE audit_event SET reason = 'edited' WHERE seq = 1");
      await expect(createCheckpoint(db, at)).rejects.toThrow(
        /does not verify \(1 problem\(s\), first at event 1/,
      );
      await expect(createCheckpoint(raw, at)).rejects.toThrow(/TRIALKIT_AUDIT_KEY/);
    });
  });

  it('refuses writes to a signed trail without the key, or with another key', async () => {
    await write(db, 1);
    await expect(write(raw, 1)).rejects.toThrow(/signed with an audit key: set TRIALKIT_AUDIT_KEY/);
    await expect(write(withAuditKey(raw, OTHER_KEY), 1)).rejects.toThrow(
      /not the one that signed this trail/,
    );
    await write(db, 1, 1);
    expect(await verifyAudit(db)).toMatchObject({ ok: true, events: 2 });
  });

  describe('the key from the environment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trialkit-audit-key-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const env = { TRIALKIT_AUDIT_KEY: KEY_BYTES.toString('base64') };

    it('signs an older trail from its next start: one event whose MAC vouches for those before it', async () => {
      await write(raw, 3);
      const { db: keyed, description } = await auditKeyFromEnv(raw, at, env);
      expect(description).toBe('TRIALKIT_AUDIT_KEY');
      const last = (await rows(raw)).at(-1) as Row;
      expect(last).toMatchObject({
        seq: 4,
        action: 'audit.signed',
        changes: { signed_from: { before: null, after: 4 } },
      });
      expect(await verifyAudit(keyed)).toMatchObject({ ok: true, events: 4 });
      // A second start writes nothing more.
      await auditKeyFromEnv(raw, at, env);
      expect((await rows(raw)).length).toBe(4);
      // Unsigned events after the signed one are not vouched for.
      await raw.query('UPDATE audit_head SET mac = NULL');
      await write(raw, 1, 10);
      expect(seqs(await verifyAudit(keyed))).toEqual([5]);
    });

    it('generates a key file for a new trail and refuses a missing or different key for a signed one', async () => {
      const file = join(dir, `audit-${backend.name}.key`);
      const made = await auditKeyFromEnv(raw, at, { TRIALKIT_AUDIT_KEY_FILE: file });
      expect(made.description).toContain('generated now');
      expect(readFileSync(file, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      await write(made.db, 2);
      await expect(
        auditKeyFromEnv(raw, at, { TRIALKIT_AUDIT_KEY_FILE: join(dir, 'missing.key') }),
      ).rejects.toThrow(/no audit key: this database's audit events were made with a key that is not here/);
      await expect(auditKeyFromEnv(raw, at, env)).rejects.toThrow(
        /is not the audit key this trail was signed with/,
      );
      const again = await auditKeyFromEnv(raw, at, { TRIALKIT_AUDIT_KEY_FILE: file });
      expect(await verifyAudit(again.db)).toMatchObject({ ok: true, events: 2 });
    });
  });
});
