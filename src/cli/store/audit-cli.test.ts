/**
 * `trialkit audit verify [--checkpoints DIR]` and `trialkit audit checkpoint --out DIR` on a PGlite folder
 * whose trail is signed with the audit key (docs/decisions/0011): the key from the environment, checkpoints
 * written only of a trail that verifies, and every problem of a tampered trail listed.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialkit } from '../../../test/support/cli.ts';
import {
  type Actor,
  AuditKey,
  type Db,
  migrate,
  openDatabase,
  recordAudit,
  withAuditKey,
} from '../../store/index.ts';

const actor: Actor = { userId: null, username: 'tester', role: 'admin', siteId: null };
const at = new Date('2026-03-30T14:00:00Z');
const KEY = Buffer.alloc(32, 0x42);

async function write(db: Db, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++)
    await db.transaction((tx) =>
      recordAudit(tx, actor, at, {
        action: 'test.change',
        entityType: 'thing',
        entityId: `t${i}`,
        changes: {},
      }),
    );
}

/** Direct SQL as the database owner would, around the append-only trigger. */
async function asOwner(dir: string, ...statements: string[]): Promise<void> {
  const db = await openDatabase({ dataDir: dir });
  try {
    await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    for (const sql of statements) await db.exec(sql);
    await db.exec('ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update');
  } finally {
    await db.close();
  }
}

describe('trialkit audit verify and checkpoint', () => {
  const root = mkdtempSync(join(tmpdir(), 'trialkit-audit-cli-'));
  const data = join(root, 'data');
  const keyFile = join(root, 'audit.key');
  const checkpoints = join(root, 'checkpoints');
  const saved = { ...process.env };

  beforeAll(async () => {
    writeFileSync(keyFile, `${KEY.toString('base64')}\n`, { mode: 0o600 });
    const db = await openDatabase({ dataDir: data });
    await migrate(db);
    await write(withAuditKey(db, new AuditKey(KEY)), 0, 6);
    await db.close();
    delete process.env.DATABASE_URL;
    delete process.env.TRIALKIT_AUDIT_KEY;
    process.env.TRIALKIT_DATA_DIR = data;
    process.env.TRIALKIT_AUDIT_KEY_FILE = keyFile;
  }, 60_000);
  afterAll(() => {
    process.env = saved;
    rmSync(root, { recursive: true, force: true });
  });

  it('checks the MACs with the configured key', async () => {
    const result = await trialkit('audit', 'verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `audit trail verified: 6 events, hash chain intact, MACs checked (audit key: ${keyFile}), no checkpoints compared\n`,
    );
  });

  it('says so when no MAC matches: the key is not the one that signed the trail', async () => {
    process.env.TRIALKIT_AUDIT_KEY = Buffer.alloc(32, 0x43).toString('base64');
    const result = await trialkit('audit', 'verify');
    delete process.env.TRIALKIT_AUDIT_KEY;
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('6 problems; 6 events read, 0 intact before the first problem');
    expect(result.stdout).toContain(
      "no event's MAC matches: is this the audit key the trail was signed with?",
    );
  });

  it('refuses a checkpoint without the key (exit 2) and writes a signed one with it', async () => {
    process.env.TRIALKIT_AUDIT_KEY_FILE = join(root, 'missing.key');
    const refused = await trialkit('audit', 'checkpoint', '--out', checkpoints);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('a checkpoint is signed with the audit key: set TRIALKIT_AUDIT_KEY');
    process.env.TRIALKIT_AUDIT_KEY_FILE = keyFile;
    const written = await trialkit('audit', 'checkpoint', '--out', checkpoints);
    expect(written.code).toBe(0);
    const [file] = readdirSync(checkpoints);
    expect(file).toMatch(/^audit-checkpoint-000000000006-\d{8}T\d{9}Z\.json$/);
    expect(written.stdout).toContain(
      `audit checkpoint written: ${join(checkpoints, file as string)} (event 6,`,
    );
    expect(JSON.parse(readFileSync(join(checkpoints, file as string), 'utf8'))).toMatchObject({
      format: 'trialkit-audit-checkpoint/1',
      seq: 6,
      mac: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const verified = await trialkit('audit', 'verify', '--checkpoints', checkpoints);
    expect(verified.stdout).toMatch(/^audit trail verified: 6 events, .*, 1 checkpoint matched\n$/);
  });

  it('names the value and what was expected for a missing folder or a file that is not a checkpoint', async () => {
    const missing = await trialkit('audit', 'verify', '--checkpoints', join(root, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--checkpoints ${join(root, 'nowhere')}: no such folder`);
    const odd = join(root, 'odd');
    rmSync(odd, { recursive: true, force: true });
    mkdirSync(odd);
    writeFileSync(join(odd, 'audit-checkpoint-1.json'), '{"format":"something else"}');
    const bad = await trialkit('audit', 'verify', '--checkpoints', odd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${join(odd, 'audit-checkpoint-1.json')}: not an audit checkpoint`);
  });

  it('lists every problem of a tampered trail, exit 1, and writes no checkpoint of it', async () => {
    // The owner edits two events and drops the last one, moving the head back onto event 5.
    await asOwner(
      data,
      "UPDATE audit_event SET reason = 'edited' WHERE seq = 2",
      "UPDATE audit_event SET actor = 'someone else' WHERE seq = 4",
      'DELETE FROM audit_event WHERE seq = 6',
      'UPDATE audit_head SET (seq, sha256, mac) = (SELECT seq, sha256, mac FROM audit_event WHERE seq = 5)',
    );
    const result = await trialkit('audit', 'verify', '--checkpoints', checkpoints);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^audit trail BROKEN at event 2: content does not match its hash/);
    expect(lines[1]).toBe(
      `3 problems; 5 events read, 1 intact before the first problem, head at event 5; MACs checked (audit key: ${keyFile}); 1 checkpoint compared:`,
    );
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(/^ {2}event 2: content does not match its hash/),
      expect.stringMatching(/^ {2}event 4: content does not match its hash/),
      expect.stringMatching(/^ {2}event 6: checkpoint .* records event 6, but the trail ends at event 5/),
    ]);
    const before = readdirSync(checkpoints);
    const refused = await trialkit('audit', 'checkpoint', '--out', checkpoints);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no checkpoint written: the audit trail does not verify');
    expect(readdirSync(checkpoints)).toEqual(before);
  });
});
