/**
 * Races of issue 14, item 5, each reproduced with concurrent requests on both backends:
 *
 * - 31 sign-ins to one account at once, 30 with wrong passwords and the right one 26th: the account
 *   locks at the fifth failure, so the right password must not get in, and no more than 5 wrong
 *   guesses may be answered "not correct" (each such answer tells the guesser something);
 * - 60 failed sign-ins at once from one address: the per-address limit (20) holds for concurrent
 *   requests as for sequential ones;
 * - two admins deactivating each other at once: one change wins, the other is refused, and an active
 *   admin remains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, type Client, startApi, type TestApi } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import type { UserView } from '../store/index.ts';
import { LOGIN_LIMITS } from './routes/auth.ts';

describe.each(backends())('sign-in and admin races on $name', (backend) => {
  let api: TestApi;
  let target: Client;
  beforeAll(async () => {
    api = await startApi(backend);
    target = await api.user('race-target', [{ role: 'coordinator', siteId: 'mayo-clinic-in-rochester' }]);
  }, 60_000);
  afterAll(() => api?.close());

  const signIn = (username: string, password: string, ip: string) =>
    api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: ip,
    });
  const usersNow = async (): Promise<UserView[]> =>
    (await (await api.login('admin', ADMIN_PASSWORD)).get('/api/users')).body;

  it('locks the account at the fifth of 31 concurrent failures: the right password, 26th, does not get in', async () => {
    const attempts = Array.from({ length: 31 }, (_, i) =>
      // Each from its own address, so that only the account's lock decides.
      signIn(target.username, i === 25 ? target.password : `wrong password ${i}`, `10.20.0.${i + 1}`),
    );
    const answers = (await Promise.all(attempts)).map((r) => ({ status: r.statusCode, ...r.json().error }));
    expect(answers[25]).toMatchObject({ status: 401, code: 'account_locked' });
    const notCorrect = answers.filter((a) => a.status === 401 && a.code === undefined);
    const lockedNow = answers.filter((a) => a.code === 'account_locked' && a.lockedNow);
    expect({ notCorrect: notCorrect.length, lockedNow: lockedNow.length }).toEqual({
      notCorrect: 4,
      lockedNow: 1,
    });
    expect(answers.filter((a) => a.status === 200)).toEqual([]);
    const user = (await usersNow()).find((u) => u.username === target.username);
    expect(user?.lockedUntil).not.toBeNull();
    // And the lock holds for the right password afterwards.
    expect((await signIn(target.username, target.password, '10.20.1.1')).statusCode).toBe(401);
  }, 60_000);

  it(`lets no more than ${LOGIN_LIMITS.perClient} of 60 concurrent failures from one address be tried`, async () => {
    const ip = '10.21.0.1';
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn(`nobody-${i}`, 'wrong password', ip)),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect({
      tried: statuses.filter((s) => s === 401).length,
      throttled: statuses.filter((s) => s === 429).length,
    }).toEqual({ tried: LOGIN_LIMITS.perClient, throttled: 60 - LOGIN_LIMITS.perClient });
  }, 60_000);

  it('leaves an active admin when two admins deactivate each other at once', async () => {
    const first = await api.user('admin-one', [{ role: 'admin', siteId: null }]);
    const second = await api.user('admin-two', [{ role: 'admin', siteId: null }]);
    // The first admin of the bootstrap steps aside, so that these two are the only active admins.
    const byName = (users: UserView[], name: string) => users.find((u) => u.username === name) as UserView;
    const root = byName(await usersNow(), 'admin');
    const retired = await first.patch(`/api/users/${root.id}`, {
      version: root.version,
      active: false,
      reason: 'left the trial',
    });
    expect(retired.status).toBe(200);
    const users = await (await api.login('admin-one', first.password)).get('/api/users');
    const one = byName(users.body, 'admin-one');
    const two = byName(users.body, 'admin-two');
    const [a, b] = await Promise.all([
      first.patch(`/api/users/${two.id}`, { version: two.version, active: false, reason: 'race' }),
      second.patch(`/api/users/${one.id}`, { version: one.version, active: false, reason: 'race' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 422]);
    const { rows } = await api.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM app_user u JOIN role_assignment r ON r.user_id = u.id WHERE u.active AND r.role = 'admin'",
    );
    expect(rows[0]?.n).toBe(1);
  }, 60_000);
});
