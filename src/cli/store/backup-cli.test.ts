/**
 * `trialkit backup` and `trialkit restore` (src/store/backup.ts): a PGlite folder always, and a PostgreSQL
 * database through pg_dump / pg_restore when TEST_DATABASE_URL is set. A backup has its manifest beside
 * it; a restore goes only into an empty store, refuses what is not a backup or is damaged (exit 2, naming
 * the value and what was expected), and verifies the restored audit trail with the audit key against
 * the head the manifest recorded (exit 1 when it does not verify).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trialkit } from '../../../test/support/cli.ts';
import { freshServerDatabase, freshServerRole, serverUrl } from '../../../test/support/database.ts';
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
const KEY = Buffer.alloc(32, 0x42);
const keyed = (db: Db) => withAuditKey(db, new AuditKey(KEY));

async function write(db: Db, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i++)
    await db.transaction((tx) =>
      recordAudit(tx, actor, new Date(), {
        action: 'test.change',
        entityType: 'thing',
        entityId: `t${i}`,
        changes: { value: { before: i, after: i + 1 } },
      }),
    );
}

const rowsOf = async (db: Db) =>
  (await db.query('SELECT seq, sha256, mac, occurred_at FROM audit_event ORDER BY seq')).rows;
const manifestOf = (file: string) => JSON.parse(readFileSync(`${file}.manifest.json`, 'utf8'));

const root = mkdtempSync(join(tmpdir(), 'trialkit-backup-cli-'));
const keyFile = join(root, 'audit.key');
const saved = { ...process.env };
beforeAll(() => {
  writeFileSync(keyFile, `${KEY.toString('base64')}\n`, { mode: 0o600 });
  delete process.env.TRIALKIT_AUDIT_KEY;
  delete process.env.TRIALKIT_OWNER_DATABASE_URL;
  process.env.TRIALKIT_AUDIT_KEY_FILE = keyFile;
});
afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});

describe('trialkit backup and restore of a PGlite folder', () => {
  const source = join(root, 'source');
  const backup = join(root, 'backups', 'one.tar.gz');
  const restored = join(root, 'restored');
  const into = (dir: string) => {
    delete process.env.DATABASE_URL;
    process.env.TRIALKIT_DATA_DIR = dir;
  };

  beforeAll(async () => {
    const db = await openDatabase({ dataDir: source });
    await migrate(db);
    await write(keyed(db), 0, 5);
    await db.close();
  }, 60_000);

  it('writes the folder as .tar.gz with a manifest beside it, never over an existing file', async () => {
    into(source);
    const result = await trialkit('backup', '--out', backup);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`backing up PGlite in ${source} to ${backup}`);
    expect(result.stdout).toMatch(
      /^backup written: .*one\.tar\.gz \(pglite, [\d.]+ MB, sha256 [0-9a-f]{12}…; audit trail at event 5\)/,
    );
    expect(readFileSync(backup).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(manifestOf(backup)).toMatchObject({
      format: 'trialkit-backup/1',
      trialkitVersion: JSON.parse(readFileSync('package.json', 'utf8')).version,
      backend: 'pglite',
      payload: { format: 'pglite-datadir-tar-gz', bytes: readFileSync(backup).length },
      auditHead: { seq: 5, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
      migrations: expect.arrayContaining(['0005_audit_anchor.sql']),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(existsSync(`${backup}.partial`)).toBe(false);
    const again = await trialkit('backup', '--out', backup);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${backup} already exists: a backup never overwrites a file`);
  });

  it('restores into a new folder and verifies the trail with the key against the manifest', async () => {
    into(restored);
    const result = await trialkit('restore', '--from', backup);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toBe(
      `audit trail verified: 5 events, hash chain intact, MACs checked (audit key: ${keyFile}), no checkpoints compared\n` +
        "the restored trail ends at event 5, as the backup's manifest records\n",
    );
    expect(result.stderr).toContain('restoring');
    const [a, b] = [await openDatabase({ dataDir: source }), await openDatabase({ dataDir: restored })];
    expect(await rowsOf(b)).toEqual(await rowsOf(a));
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a store that is not empty, and names it', async () => {
    into(restored);
    const result = await trialkit('restore', '--from', backup);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${restored} is not empty: restore into a folder that does not exist yet or is empty`,
    );
  });

  it('refuses what is not a backup or is damaged (exit 2), and leaves the target as it was', async () => {
    const target = join(root, 'never');
    into(target);
    const missing = await trialkit('restore', '--from', join(root, 'nothing.tar.gz'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `${join(root, 'nothing.tar.gz')}: no such file (expected a backup written by`,
    );
    const lone = join(root, 'lone.tar.gz');
    copyFileSync(backup, lone);
    const noManifest = await trialkit('restore', '--from', lone);
    expect(noManifest.code).toBe(2);
    expect(noManifest.stderr).toContain(`${lone}.manifest.json: no such file`);
    writeFileSync(`${lone}.manifest.json`, '{"format":"zip"}');
    const notManifest = await trialkit('restore', '--from', lone);
    expect(notManifest.stderr).toContain(
      `${lone}.manifest.json: not a trialkit backup manifest (expected JSON of format trialkit-backup/1`,
    );
    copyFileSync(`${backup}.manifest.json`, `${lone}.manifest.json`);
    const bytes = readFileSync(lone);
    const middle = bytes.length >> 1;
    bytes.writeUInt8((bytes.readUInt8(middle) ^ 0xff) & 0xff, middle);
    writeFileSync(lone, bytes);
    const damaged = await trialkit('restore', '--from', lone);
    expect(damaged.code).toBe(2);
    expect(damaged.stderr).toMatch(
      /lone\.tar\.gz: its SHA-256 [0-9a-f]{12}… .* is not the manifest's .*: the backup is damaged/,
    );
    process.env.DATABASE_URL = 'postgres://nobody@127.0.0.1:1/none';
    const otherKind = await trialkit('restore', '--from', backup);
    expect(otherKind.code).toBe(2);
    expect(otherKind.stderr).toContain('is a PGlite backup, and DATABASE_URL names a PostgreSQL server');
    expect(existsSync(target)).toBe(false);
    into(join(root, 'empty-folder'));
    const nothing = await trialkit('backup', '--out', join(root, 'backups', 'none.tar.gz'));
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain(`no trialkit store in ${join(root, 'empty-folder')}`);
  });

  it('exits 1 when the restored trail does not verify, listing what is broken', async () => {
    const db = await openDatabase({ dataDir: source });
    await db.exec('ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update');
    await db.exec("UPDATE audit_event SET reason = 'edited' WHERE seq = 3");
    await db.close();
    into(source);
    const tampered = join(root, 'backups', 'tampered.tar.gz');
    expect((await trialkit('backup', '--out', tampered)).code).toBe(0);
    into(join(root, 'restored-tampered'));
    const result = await trialkit('restore', '--from', tampered);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^audit trail BROKEN at event 3: content does not match its hash/);
    expect(result.stderr).toContain('the restored store does not verify');
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('trialkit backup and restore on PostgreSQL (pg_dump; needs TEST_DATABASE_URL)', () => {
  it('dumps a consistent snapshot while events are written, restores into an empty database and verifies', async () => {
    const tool = spawnSync('pg_dump', ['--version'], { encoding: 'utf8' });
    expect(tool.status, `pg_dump must be on PATH for this test: ${tool.error?.message ?? tool.stderr}`).toBe(
      0,
    );
    const source = await freshServerDatabase(url as string, 'tk_backup');
    const target = await freshServerDatabase(url as string, 'tk_restore');
    const twoRoles = await freshServerDatabase(url as string, 'tk_restore_app');
    const role = await freshServerRole(url as string, 'tk_app');
    const db = keyed(await openDatabase({ url: source.url, maxConnections: 4 }));
    try {
      await migrate(db);
      await write(db, 0, 20);
      process.env.DATABASE_URL = source.url;
      const file = join(root, 'server.dump');
      // Writers keep appending while pg_dump runs: the manifest's head must be the dump's, not a later one.
      let writing = true;
      const writer = (async () => {
        for (let i = 100; writing; i++) await write(db, i, 1);
      })();
      const result = await trialkit('backup', '--out', file).finally(() => {
        writing = false;
      });
      await writer;
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe('PGDMP');
      expect(manifestOf(file)).toMatchObject({ backend: 'postgres', payload: { format: 'pg_dump-custom' } });
      const written = (await db.query<{ seq: number }>('SELECT seq FROM audit_head')).rows[0]?.seq as number;
      expect(written).toBeGreaterThan(manifestOf(file).auditHead.seq); // events were written after the snapshot

      process.env.DATABASE_URL = target.url;
      const restored = await trialkit('restore', '--from', file);
      expect(restored.code, restored.stdout + restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/^audit trail verified: \d+ events, hash chain intact, MACs checked/);
      expect(restored.stdout).toContain(
        `ends at event ${manifestOf(file).auditHead.seq}, as the backup's manifest records`,
      );
      const again = await trialkit('restore', '--from', file);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(
        /database "tk_restore_\w+" is not empty \(\d+ tables and other relations, e\.g\. public\./,
      );

      // Two roles: the owner restores, the application's role is granted again and cannot alter the trail.
      process.env.DATABASE_URL = serverUrl(twoRoles.url, { role: role.name });
      process.env.TRIALKIT_OWNER_DATABASE_URL = twoRoles.url;
      const asOwner = await trialkit('restore', '--from', file);
      expect(asOwner.code, asOwner.stdout + asOwner.stderr).toBe(0);
      expect(asOwner.stderr).toContain(`granted the application role "${role.name}"`);
      const app = await openDatabase({ url: process.env.DATABASE_URL, maxConnections: 1 });
      await expect(app.exec('DELETE FROM audit_event')).rejects.toThrow(/permission denied/);
      await app.close();
    } finally {
      delete process.env.TRIALKIT_OWNER_DATABASE_URL;
      await db.close();
      for (const database of [source, target, twoRoles]) await database.drop();
      await role.drop();
    }
  }, 120_000);
});
