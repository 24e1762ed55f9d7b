/**
 * Two account findings of issue 14 (item 9), through the API:
 *
 * - **TOTP ends the sessions opened without it.** A session opened with the password alone, before
 *   TOTP was enabled, would otherwise outlive the second factor (a stolen password's session stays
 *   in). Enabling ends every other session of the user — those opened before setup and between setup
 *   and enable — and keeps the one that showed the code. (The code that enabled TOTP cannot sign in
 *   again: src/server/auth.test.ts, "enrols an admin in TOTP".)
 * - **No admin changes their own roles.** Separation of duties: an admin who could add the
 *   statistician's role to their own account would read allocation lists (unblinded) with no second
 *   person involved; a second admin must do it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type Client, startApi, type TestApi } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { totpAt } from '../store/index.ts';

describe.each(backends())('account safeguards on $name', (backend) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(backend);
  }, 60_000);
  afterAll(() => api?.close());

  const advance = (seconds: number) =>
    api.clock.set(new Date(api.clock.now().getTime() + seconds * 1000).toISOString());
  /** The session as the API tells it: null when it has ended. */
  const sessionOf = async (client: Client) => {
    const response = await client.get('/api/auth/session');
    expect(response.status).toBe(200);
    return response.body;
  };
  const usersBy = async (client: Client) =>
    (await client.get('/api/users')).body as {
      id: string;
      username: string;
      version: number;
      roles: { role: string; siteId: string | null }[];
    }[];

  describe('enabling TOTP', () => {
    it('ends the sessions opened before it, keeps the one that enabled it', async () => {
      const enroller = await api.user('totp-enroller', [{ role: 'statistician', siteId: null }]);
      const opened = await api.login(enroller.username, enroller.password); // before setup
      const setup = await enroller.post('/api/auth/totp/setup');
      expect(setup.status).toBe(200);
      const between = await api.login(enroller.username, enroller.password); // between setup and enable
      expect(await sessionOf(opened)).not.toBeNull();
      expect((await between.get('/api/randomization/lists')).status).toBe(200);

      const code = totpAt(setup.body.secret, api.clock.now());
      expect((await enroller.post('/api/auth/totp/enable', { code })).status).toBe(200);

      expect(await sessionOf(opened)).toBeNull();
      expect(await sessionOf(between)).toBeNull();
      expect((await opened.get('/api/randomization/lists')).status).toBe(401);
      expect((await between.get('/api/randomization/lists')).status).toBe(401);
      expect(await sessionOf(enroller)).toMatchObject({ username: enroller.username });
      expect((await enroller.get('/api/randomization/lists')).status).toBe(200);

      // A session opened with the second factor from now on is kept.
      advance(30);
      const withCode = await api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: {
          username: enroller.username,
          password: enroller.password,
          totp: totpAt(setup.body.secret, api.clock.now()),
        },
      });
      expect(withCode.statusCode).toBe(200);
      expect(await sessionOf(enroller)).not.toBeNull();
    });

    it("leaves other users' sessions alone", async () => {
      const bystander = await api.user('totp-bystander', [{ role: 'statistician', siteId: null }]);
      const admin = await api.user('totp-admin', [{ role: 'admin', siteId: null }]);
      const setup = await admin.post('/api/auth/totp/setup');
      const code = totpAt(setup.body.secret, api.clock.now());
      expect((await admin.post('/api/auth/totp/enable', { code })).status).toBe(200);
      expect(await sessionOf(bystander)).not.toBeNull();
      expect(await sessionOf(api.admin)).not.toBeNull();
    });
  });

  describe('an admin’s own roles', () => {
    it('cannot be changed by the admin: not the statistician’s role, not a site role', async () => {
      const root = await api.login('admin', ADMIN_PASSWORD);
      for (const added of [
        { role: 'statistician', siteId: null },
        { role: 'monitor', siteId: 'mayo-clinic-in-rochester' },
      ]) {
        const me = (await usersBy(root)).find((u) => u.username === 'admin');
        if (!me) throw new Error('no admin account');
        const grant = await root.patch(`/api/users/${me.id}`, {
          version: me.version,
          roles: [...me.roles, added],
          reason: 'I need to see the lists',
        });
        expect(grant.status).toBe(422);
        expect(grant.body.error).toMatchObject({ kind: 'refused' });
        expect(grant.body.error.message).toContain('another admin');
        const after = (await usersBy(root)).find((u) => u.id === me.id);
        expect(after?.roles).toEqual([{ role: 'admin', siteId: null }]);
        expect(after?.version).toBe(me.version);
      }
      // The refused grant gave nothing, in this session or a new one.
      expect((await root.get('/api/randomization/lists')).status).toBe(403);
      const fresh = await api.login('admin', ADMIN_PASSWORD);
      expect((await fresh.get('/api/randomization/lists')).status).toBe(403);
    });

    it('may be changed by a second admin (two people involved)', async () => {
      const second = await api.user('second-admin', [{ role: 'admin', siteId: null }]);
      const target = (await usersBy(second)).find((u) => u.username === 'admin');
      if (!target) throw new Error('no admin account');
      const grant = await second.patch(`/api/users/${target.id}`, {
        version: target.version,
        roles: [...target.roles, { role: 'statistician', siteId: null }],
        reason: 'statistician on leave: admin covers, approved by the sponsor',
      });
      expect(grant.status).toBe(200);
      expect(grant.body.roles).toEqual(
        expect.arrayContaining([
          { role: 'admin', siteId: null },
          { role: 'statistician', siteId: null },
        ]),
      );
    });
  });
});
