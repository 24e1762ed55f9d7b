/**
 * `trialkit db migrate`: a PGlite folder migrated in place; on a PostgreSQL server with two roles
 * (TEST_DATABASE_URL), migrated as the owner with the application's role granted append-only access to
 * the audit trail (docs/decisions/0011).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trialkit } from '../../../test/support/cli.ts';
import { freshServerDatabase, freshServerRole, serverUrl } from '../../../test/support/database.ts';
import { listMigrations, openDatabase, recordAudit, SYSTEM_ACTOR } from '../../store/index.ts';

const root = mkdtempSync(join(tmpdir(), 'trialkit-db-cli-'));
const saved = { ...process.env };
afterAll(() => {
  process.env = saved;
  rmSync(root, { recursive: true, force: true });
});
const all = listMigrations().map((m) => m.name);

describe('trialkit db migrate', () => {
  it('migrates a PGlite folder, then finds nothing pending', async () => {
    delete process.env.DATABASE_URL;
    delete process.env.TRIALKIT_OWNER_DATABASE_URL;
    process.env.TRIALKIT_DATA_DIR = join(root, 'data');
    const first = await trialkit('db', 'migrate');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`migrations applied: ${all.join(', ')}\n`);
    expect(first.stderr).toContain(`migrating PGlite in ${join(root, 'data')}`);
    expect((await trialkit('db', 'migrate')).stdout).toBe(
      'no migrations pending: the schema is up to date\n',
    );
  }, 60_000);

  it('refuses an owner connection without a server (exit 2)', async () => {
    delete process.env.DATABASE_URL;
    process.env.TRIALKIT_OWNER_DATABASE_URL = 'postgres://owner@127.0.0.1/trial';
    const result = await trialkit('db', 'migrate');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'TRIALKIT_OWNER_DATABASE_URL is for a PostgreSQL server: set DATABASE_URL',
    );
    delete process.env.TRIALKIT_OWNER_DATABASE_URL;
  });

  const url = process.env.TEST_DATABASE_URL;
  it.skipIf(!url)(
    'migrates as the owner and grants the application role (needs TEST_DATABASE_URL)',
    async () => {
      const database = await freshServerDatabase(url as string, 'tk_migrate');
      const role = await freshServerRole(url as string, 'tk_app');
      try {
        process.env.DATABASE_URL = serverUrl(database.url, { role: role.name });
        process.env.TRIALKIT_OWNER_DATABASE_URL = database.url;
        const result = await trialkit('db', 'migrate');
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe(
          `migrations applied: ${all.join(', ')}\n` +
            `application role "${role.name}" granted: read and write the trial's tables, append to the audit trail (never change or remove an event); owner "postgres"\n`,
        );
        const app = await openDatabase({ url: process.env.DATABASE_URL, maxConnections: 1 });
        try {
          await app.transaction((tx) =>
            recordAudit(tx, SYSTEM_ACTOR, new Date(), {
              action: 'x',
              entityType: 't',
              entityId: '1',
              changes: {},
            }),
          );
          await expect(app.exec('UPDATE audit_event SET reason = NULL')).rejects.toThrow(/permission denied/);
        } finally {
          await app.close();
        }
        // Without the owner: the granted role has nothing to apply and is not warned about; the owner is.
        delete process.env.TRIALKIT_OWNER_DATABASE_URL;
        const granted = await trialkit('db', 'migrate');
        expect(granted.code).toBe(0);
        expect(granted.stderr).not.toContain('owns the audit table');
        process.env.DATABASE_URL = database.url;
        const single = await trialkit('db', 'migrate');
        expect(single.code).toBe(0);
        expect(single.stderr).toContain(
          `the application's role "postgres" (DATABASE_URL) owns the audit table or is a superuser, so it could disable the table's triggers`,
        );
      } finally {
        delete process.env.TRIALKIT_OWNER_DATABASE_URL;
        await database.drop();
        await role.drop();
      }
    },
    60_000,
  );
});
