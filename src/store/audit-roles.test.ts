/**
 * Role separation on a PostgreSQL server (issue 14 item 7, docs/decisions/0011): the owner (postgres)
 * migrates and grants; the application connects as a role of its own, which appends audit events but
 * cannot change, remove or truncate them, disable the triggers that refuse it, or drop the table — the
 * triggers hold against the application because only the table's owner may disable them. PGlite has one
 * user, so this runs only against TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshServerDatabase, freshServerRole, serverUrl } from '../../test/support/database.ts';
import { recordAudit, SYSTEM_ACTOR } from './audit.ts';
import { verifyAudit } from './audit-verify.ts';
import { type Db, openDatabase } from './database.ts';
import { migrateStore } from './environment.ts';
import { grantApplicationRole, migrate } from './migrate.ts';

const url = process.env.TEST_DATABASE_URL;
const at = new Date('2026-03-30T14:00:00Z');

describe.skipIf(!url)('the application role on PostgreSQL (needs TEST_DATABASE_URL)', () => {
  let database: Awaited<ReturnType<typeof freshServerDatabase>>;
  let role: Awaited<ReturnType<typeof freshServerRole>>;
  let app: Db;

  beforeAll(async () => {
    database = await freshServerDatabase(url as string, 'tk_roles');
    role = await freshServerRole(url as string, 'tk_app');
    app = await openDatabase({ url: serverUrl(database.url, { role: role.name }), maxConnections: 2 });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await database?.drop();
    await role?.drop();
  });

  it('may not apply migrations itself, and is told who may', async () => {
    await expect(migrate(app)).rejects.toThrow(/permission denied|TRIALKIT_OWNER_DATABASE_URL/);
  });

  it('is migrated by the owner and granted; a superuser is refused as the application role', async () => {
    const applied = await migrateStore(app, { TRIALKIT_OWNER_DATABASE_URL: database.url });
    expect(applied).toContain('0002_audit.sql');
    const owner = await openDatabase({ url: database.url, maxConnections: 1 });
    try {
      const tableOwner = await owner.query<{ tableowner: string }>(
        "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_event' AND schemaname = 'public'",
      );
      expect(tableOwner.rows[0]?.tableowner).not.toBe(role.name);
      await expect(grantApplicationRole(owner, 'postgres')).rejects.toThrow(/is a superuser/);
    } finally {
      await owner.close();
    }
  });

  it('appends audit events and moves the head', async () => {
    for (const entityId of ['a', 'b'])
      await app.transaction((tx) =>
        recordAudit(tx, SYSTEM_ACTOR, at, {
          action: 'test.change',
          entityType: 'thing',
          entityId,
          changes: {},
        }),
      );
    expect(await verifyAudit(app)).toMatchObject({ ok: true, events: 2, headSeq: 2 });
  });

  it.each([
    ['UPDATE', "UPDATE audit_event SET reason = 'edited' WHERE seq = 1"],
    ['DELETE', 'DELETE FROM audit_event WHERE seq = 2'],
    ['TRUNCATE', 'TRUNCATE audit_event'],
    ['DISABLE TRIGGER', 'ALTER TABLE audit_event DISABLE TRIGGER ALL'],
    ['DROP', 'DROP TABLE audit_event'],
    ['a change of owner', `ALTER TABLE audit_event OWNER TO CURRENT_USER`],
    [
      'a new trigger',
      'CREATE TRIGGER t BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()',
    ],
    ['deleting the head', 'DELETE FROM audit_head'],
    ['recording a migration', "INSERT INTO schema_migration (name, sha256) VALUES ('9999_x.sql', 'x')"],
  ])('is refused %s, by privilege (not by the trigger the owner could disable)', async (_what, sql) => {
    const error = (await app.exec(sql).catch((e: unknown) => e)) as { code?: string; message?: string };
    expect(error?.code, error?.message).toBe('42501');
    expect(error.message).toMatch(/permission denied|must be owner/);
    expect(await verifyAudit(app)).toMatchObject({ ok: true, events: 2 });
  });
});
