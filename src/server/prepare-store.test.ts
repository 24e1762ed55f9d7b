/**
 * The server's store as `npm start` prepares it (src/server/bootstrap.ts, prepareStore): migrated, then
 * the audit key attached before anything writes, so that every audit event the server writes carries its
 * MAC and GET /api/audit/verify checks the MACs (docs/decisions/0011). On a PostgreSQL server, with two
 * roles: the owner migrates, the application's role serves and cannot touch the audit table's triggers.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, testProtocol } from '../../test/support/api.ts';
import { freshServerDatabase, freshServerRole, serverUrl } from '../../test/support/database.ts';
import type { Db } from '../store/index.ts';
import { buildServer } from './app.ts';
import { bootstrap, prepareStore } from './bootstrap.ts';

const at = new Date('2026-03-30T14:00:00Z');
const clock = { now: () => at };

/** Bootstraps and serves `db` as main.ts does; signs in as admin, creates a user, verifies the trail. */
async function serveAndVerify(db: Db, store: Awaited<ReturnType<typeof prepareStore>>) {
  await bootstrap(db, testProtocol(), at, ADMIN_PASSWORD, store.identity.keys, store.secrets.box);
  const app: FastifyInstance = await buildServer({
    db,
    clock,
    protocol: testProtocol(),
    identity: store.identity.keys,
    secrets: store.secrets.box,
    timeZone: 'America/Chicago',
    secureCookies: false,
  });
  try {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: ADMIN_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies[0] as { name: string; value: string };
    const headers = { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json().csrfToken };
    const created = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers,
      payload: {
        username: 'monitor1',
        displayName: 'A monitor',
        password: 'temporary-monitor-password',
        roles: [{ role: 'monitor', siteId: 'mayo-clinic-in-rochester' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    return (await app.inject({ method: 'GET', url: '/api/audit/verify', headers })).json();
  } finally {
    await app.close();
  }
}

const unsigned = async (db: Db) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_event WHERE mac IS NULL')).rows[0]?.n;

describe('the server store on PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trialkit-prepare-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    TRIALKIT_DATA_DIR: join(dir, 'data'),
    TRIALKIT_AUDIT_KEY_FILE: join(dir, 'secrets', 'audit.key'),
    TRIALKIT_IDENTITY_KEY_FILE: join(dir, 'secrets', 'identity.key'),
    TRIALKIT_SECRETS_KEY_FILE: join(dir, 'secrets', 'secrets.key'),
  };

  it('generates an audit key for a new trail and MACs every event the server writes; verify checks them', async () => {
    const store = await prepareStore(env, at);
    try {
      expect(store.audit.description).toBe(
        `${env.TRIALKIT_AUDIT_KEY_FILE} (generated now: back it up, separately from the database)`,
      );
      expect(readFileSync(env.TRIALKIT_AUDIT_KEY_FILE, 'utf8').trim()).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(store.migrationsApplied).toContain('0006_audit_head_time.sql');
      const verified = await serveAndVerify(store.db, store);
      expect(verified).toMatchObject({ ok: true, keyChecked: true, brokenCount: 0 });
      expect(verified.events).toBeGreaterThan(2);
      expect(await unsigned(store.db)).toBe(0);
    } finally {
      await store.db.close();
    }
  });

  it('starts again with the same key file and refuses another key', async () => {
    const again = await prepareStore(env, at);
    expect(again.audit.description).toBe(env.TRIALKIT_AUDIT_KEY_FILE);
    expect(again.migrationsApplied).toEqual([]);
    await again.db.close();
    await expect(
      prepareStore({ ...env, TRIALKIT_AUDIT_KEY: Buffer.alloc(32, 9).toString('base64') }, at),
    ).rejects.toThrow(/TRIALKIT_AUDIT_KEY is not the audit key this trail was signed with/);
  });
});

const serverUrlOf = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrlOf)(
  'the server store on PostgreSQL with two roles (needs TEST_DATABASE_URL)',
  () => {
    it('is migrated by the owner and served by an application role that cannot disable the audit triggers', async () => {
      const url = serverUrlOf as string;
      const database = await freshServerDatabase(url, 'tk_prepare');
      const role = await freshServerRole(url, 'tk_app');
      const dir = mkdtempSync(join(tmpdir(), 'trialkit-prepare-pg-'));
      try {
        const store = await prepareStore(
          {
            DATABASE_URL: serverUrl(database.url, { role: role.name }),
            TRIALKIT_OWNER_DATABASE_URL: database.url,
            TRIALKIT_AUDIT_KEY_FILE: join(dir, 'audit.key'),
            TRIALKIT_IDENTITY_KEY_FILE: join(dir, 'identity.key'),
            TRIALKIT_SECRETS_KEY_FILE: join(dir, 'secrets.key'),
          },
          at,
        );
        try {
          expect(store.migrationsApplied).toContain('0005_audit_anchor.sql');
          const who = await store.db.query<{ user: string }>('SELECT current_user AS user');
          expect(who.rows[0]?.user).toBe(role.name);
          expect(await serveAndVerify(store.db, store)).toMatchObject({ ok: true, keyChecked: true });
          expect(await unsigned(store.db)).toBe(0);
          await expect(store.db.exec('ALTER TABLE audit_event DISABLE TRIGGER ALL')).rejects.toThrow(
            /must be owner/,
          );
        } finally {
          await store.db.close();
        }
      } finally {
        await database.drop();
        await role.drop();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  },
);
