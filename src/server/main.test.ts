/**
 * `npm start` as a process (src/server/main.ts): a new PGlite store gets an audit key generated into its
 * key file, the start-up lines say which key is used, and the server's audit trail is MACed and verified
 * with it (GET /api/audit/verify: keyChecked) — docs/decisions/0011.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { serverKeys, startServerProcess } from '../../test/support/server-process.ts';
import { openDatabase } from '../store/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'trialkit-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serves with the audit key of its key file, generated for a new trail, and says so', async () => {
  const { TRIALKIT_AUDIT_KEY: _none, ...keys } = serverKeys();
  const keyFile = join(dir, 'secrets', 'audit.key');
  const password = 'admin-password-for-main';
  const server = await startServerProcess({
    ...keys,
    TRIALKIT_DATA_DIR: join(dir, 'data'),
    TRIALKIT_AUDIT_KEY_FILE: keyFile,
    TRIALKIT_ADMIN_PASSWORD: password,
  });
  try {
    for (let i = 0; i < 100 && !server.output().includes('audit key'); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.output()).toContain(
      `audit key (audit events' MACs, checkpoints): ${keyFile} (generated now: back it up, separately from the database)`,
    );
    const login = await fetch(new URL('/api/auth/login', server.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') as string).split(';')[0] as string;
    const verified = await fetch(new URL('/api/audit/verify', server.origin), { headers: { cookie } });
    expect(await verified.json()).toMatchObject({ ok: true, keyChecked: true, brokenCount: 0 });
  } finally {
    expect(await server.stop()).toBe(0);
  }
  const db = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    const { rows } = await db.query<{ signed: number; unsigned: number }>(
      'SELECT count(mac)::int AS signed, (count(*) - count(mac))::int AS unsigned FROM audit_event',
    );
    expect(rows[0]?.unsigned).toBe(0);
    expect(rows[0]?.signed).toBeGreaterThan(0);
  } finally {
    await db.close();
  }
}, 120_000);
