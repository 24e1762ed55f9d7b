/**
 * Sign-in and sessions through the API: the cookie's flags, one answer for every failed sign-in,
 * account lock-out (announced alike for accounts and unknown names) and per-address throttling, the
 * session check that answers null rather than 401 without a session, idle and absolute session limits (NIST SP 800-63B §7.2),
 * password change, CSRF, TOTP enrolment, and the public routes. Sign-ins that are meant to fail come
 * from their own client address each, so the per-address throttle of one test does not leak into another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  type Client,
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  TEST_SECRETS,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { type RoleAssignment, totpAt, type UserView } from '../store/index.ts';
import { buildServer } from './app.ts';

describe.each(backends())('authentication on $name', (backend) => {
  let api: TestApi;
  // Created up front: the tests move the clock on, and api.user() needs the first admin session alive.
  const coordinator: RoleAssignment[] = [{ role: 'coordinator', siteId: ROCHESTER }];
  const accounts = {
    'locked-out': coordinator,
    'unlock-me': coordinator,
    changer: [{ role: 'monitor', siteId: ROCHESTER }],
    'second-admin': [{ role: 'admin', siteId: null }],
    'totp-coordinator': coordinator,
    'totp-statistician': [{ role: 'statistician', siteId: null }],
    guesser: coordinator,
  } satisfies Record<string, RoleAssignment[]>;
  const users = {} as Record<keyof typeof accounts, Client>;
  beforeAll(async () => {
    api = await startApi(backend);
    for (const [name, roles] of Object.entries(accounts) as [keyof typeof accounts, RoleAssignment[]][])
      users[name] = await api.user(name, roles);
  }, 60_000);
  afterAll(() => api?.close());

  const signIn = (username: string, password: string, ip = '127.0.0.1', totp?: string) =>
    api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password, ...(totp ? { totp } : {}) },
      remoteAddress: ip,
    });
  const advance = (minutes: number) =>
    api.clock.set(new Date(api.clock.now().getTime() + minutes * 60_000).toISOString());
  const admin = () => api.login('admin', ADMIN_PASSWORD);
  /** A fresh session: an earlier one may have run out while the clock moved on. */
  const signedIn = (name: keyof typeof accounts) => api.login(users[name].username, users[name].password);
  /** The session as GET /api/auth/session tells it (null: none), checked to be a 200 either way. */
  const sessionOf = async (client: Client) => {
    const response = await client.get('/api/auth/session');
    expect(response.status).toBe(200);
    return response.body;
  };
  const userNamed = async (username: string): Promise<UserView> => {
    const all: UserView[] = (await (await admin()).get('/api/users')).body;
    return all.find((u) => u.username === username) as UserView;
  };

  it('sets the session cookie httpOnly and SameSite=Strict, as a browser-session cookie', async () => {
    const response = await signIn('admin', ADMIN_PASSWORD);
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^trialkit_session=[\w-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure'); // this server runs with secureCookies: false
    const body = response.json();
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    expect(body.expiresAt).toBe(new Date(api.clock.now().getTime() + 12 * 3600_000).toISOString());
    // The server enforces the limits; the cookie itself ends with the browser session.
    expect(setCookie).not.toMatch(/Expires=|Max-Age=/);
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await signIn('admin', 'not the admin password', '10.0.0.1');
    const unknown = await signIn('nobody-here', 'not the admin password', '10.0.0.1');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(unknown.json().error).toEqual(wrong.json().error);
    expect(wrong.json().error).toEqual({
      kind: 'unauthenticated',
      message: 'username or password not correct',
    });
  });

  it('locks an account after 5 failures in a row until 15 minutes have passed, and says so', async () => {
    const user = users['locked-out'];
    const ip = '10.0.1.1';
    for (let i = 0; i < 4; i++) {
      const wrong = await signIn(user.username, 'wrong password', ip);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().error.code).toBeUndefined();
    }
    const lockedAt = api.clock.now().getTime();
    const lockedUntil = new Date(lockedAt + 15 * 60_000).toISOString();
    const fifth = await signIn(user.username, 'wrong password', ip);
    expect(fifth.statusCode).toBe(401);
    expect(fifth.json().error).toEqual({
      kind: 'unauthenticated',
      code: 'account_locked',
      lockedUntil,
      minutes: 15,
      lockedNow: true,
      message:
        'username or password not correct; after 5 failed sign-ins in a row the account is locked for 15 minutes, until 2026-03-30 14:15 UTC',
    });
    expect((await userNamed(user.username)).lockedUntil).toBe(lockedUntil);
    // The right password changes nothing while the lock lasts, and the answer does not depend on it.
    const refused = await signIn(user.username, user.password, ip);
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error).toEqual({
      kind: 'unauthenticated',
      code: 'account_locked',
      lockedUntil,
      minutes: 15,
      lockedNow: false,
      message:
        'the account is locked after 5 failed sign-ins in a row: try again in 15 minutes (after 2026-03-30 14:15 UTC), or ask an admin to unlock it',
    });
    expect((await signIn(user.username, 'wrong password', ip)).json().error).toEqual(refused.json().error);
    advance(14);
    const later = await signIn(user.username, user.password, ip);
    expect(later.statusCode).toBe(401);
    expect(later.json().error).toMatchObject({ code: 'account_locked', lockedUntil, minutes: 1 });
    expect(later.json().error.message).toContain('try again in 1 minute (');
    advance(1);
    // After the lock ends, the count starts again: one typo must not lock the account for another 15 minutes.
    const typo = await signIn(user.username, 'wrong password', ip);
    expect(typo.statusCode).toBe(401);
    expect(typo.json().error).toEqual({
      kind: 'unauthenticated',
      message: 'username or password not correct',
    });
    expect((await signIn(user.username, user.password, ip)).statusCode).toBe(200);
  });

  it('locks and announces a username without an account exactly like an account', async () => {
    const existing = users['locked-out'].username; // unlocked by its good sign-in above
    const unknown = 'no-such-user';
    const answers = async (username: string, ip: string) => {
      const out: unknown[] = [];
      for (let i = 0; i < 7; i++) out.push((await signIn(username, 'wrong password', ip)).json().error);
      return out;
    };
    const start = api.clock.now().toISOString();
    const forAccount = await answers(existing, '10.0.1.2');
    api.clock.set(start);
    const forNobody = await answers(unknown, '10.0.1.3');
    expect(forNobody).toEqual(forAccount);
    expect(forNobody.map((e) => (e as { code?: string }).code)).toEqual([
      ...Array(4).fill(undefined),
      'account_locked',
      'account_locked',
      'account_locked',
    ]);
    // Upper or lower case, the same name; after the lock the count starts again, as for an account.
    expect((await signIn(unknown.toUpperCase(), 'x', '10.0.1.4')).json().error.code).toBe('account_locked');
    advance(15);
    expect((await signIn(unknown, 'wrong password', '10.0.1.3')).json().error.code).toBeUndefined();
  });

  it('lets an admin unlock a locked account', async () => {
    const user = users['unlock-me'];
    const ip = '10.0.2.1';
    for (let i = 0; i < 5; i++) await signIn(user.username, 'wrong password', ip);
    expect((await signIn(user.username, user.password, ip)).statusCode).toBe(401);
    const { id, version } = await userNamed(user.username);
    const unlocked = await (await admin()).patch(`/api/users/${id}`, {
      version,
      unlock: true,
      reason: 'identity confirmed by phone',
    });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body.lockedUntil).toBeNull();
    expect((await signIn(user.username, user.password, ip)).statusCode).toBe(200);
  });

  it('throttles an address after 20 failures within 15 minutes (429), even for a correct password', async () => {
    const ip = '10.0.3.1';
    for (let i = 0; i < 20; i++)
      expect((await signIn(`guess-${i}`, 'wrong password', ip)).statusCode).toBe(401);
    const throttled = await signIn('admin', ADMIN_PASSWORD, ip);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.kind).toBe('throttled');
    expect((await signIn('admin', ADMIN_PASSWORD, '10.0.3.2')).statusCode).toBe(200);
    advance(15);
    expect((await signIn('admin', ADMIN_PASSWORD, ip)).statusCode).toBe(200);
  });

  it('ends a session after 30 minutes without use', async () => {
    const client = await admin();
    const signedInAt = api.clock.now().getTime();
    const idleExpiry = async () => (await client.get('/api/auth/session')).body.idleExpiresAt;
    // A use within a minute of the last does not touch the session, so it does not extend it either.
    advance(0.5);
    expect(await idleExpiry()).toBe(new Date(signedInAt + 30 * 60_000).toISOString());
    advance(29);
    expect(await idleExpiry()).toBe(new Date(signedInAt + 59.5 * 60_000).toISOString());
    advance(29);
    expect((await client.get('/api/auth/session')).status).toBe(200);
    advance(30);
    expect(await sessionOf(client)).toBeNull();
    const expired = await client.get('/api/users');
    expect(expired.status).toBe(401);
    expect(expired.body.error.kind).toBe('unauthenticated');
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    const client = await admin();
    const states: Record<number, string> = {};
    for (let minutes = 25; minutes <= 725; minutes += 25) {
      advance(25);
      const session = await sessionOf(client);
      states[minutes] = session ? 'on' : 'ended';
      if (minutes === 700) expect(session.idleExpiresAt).toBe(session.expiresAt);
    }
    expect(Object.entries(states).filter(([, state]) => state !== 'on')).toEqual([['725', 'ended']]);
  });

  it('revokes the session on sign-out', async () => {
    const client = await admin();
    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(200);
    expect(await sessionOf(client)).toBeNull();
    expect((await client.get('/api/users')).status).toBe(401);
  });

  it('answers the session check without a session with null (200), every other route with 401', async () => {
    const anonymous = await api.anonymous.get('/api/auth/session');
    expect(anonymous).toEqual({ status: 200, body: null });
    const denied = await api.anonymous.get('/api/subjects');
    expect(denied.status).toBe(401);
    expect(denied.body.error).toMatchObject({ kind: 'unauthenticated', sessionRequired: true });
    // 03:30 UTC tomorrow is still today in Chicago: "today" is the trial's calendar date, not UTC's.
    const utcDay = api.clock.now().toISOString().slice(0, 10);
    const at = new Date(`${utcDay}T03:30:00Z`);
    at.setUTCDate(at.getUTCDate() + 1);
    api.clock.set(at.toISOString());
    expect(await sessionOf(await admin())).toMatchObject({
      username: 'admin',
      timeZone: 'America/Chicago',
      serverTime: at.toISOString(),
      today: utcDay,
    });
  });

  it('changes a password only with the current one and ≥ 12 characters, ending other sessions', async () => {
    const user = users.changer;
    const here = await api.login(user.username, user.password);
    const elsewhere = await api.login(user.username, user.password);
    const change = (currentPassword: string, newPassword: string) =>
      here.post('/api/auth/password', { currentPassword, newPassword });

    const wrongCurrent = await change('not my password', 'a long new password');
    expect(wrongCurrent.status).toBe(400);
    expect(wrongCurrent.body.error.fields).toEqual([
      { path: 'body.currentPassword', message: 'not correct' },
    ]);
    const short = await change(user.password, 'eleven char');
    expect(short.status).toBe(400);
    expect(short.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['newPassword']);
    expect(short.body.error.message).toContain('12 to 256 characters');
    expect((await change(user.password, user.password)).status).toBe(400);
    expect(await sessionOf(elsewhere)).not.toBeNull();

    expect((await change(user.password, 'twelve chars')).status).toBe(200);
    expect(await sessionOf(here)).not.toBeNull();
    expect(await sessionOf(elsewhere)).toBeNull();
    expect((await signIn(user.username, user.password, '10.0.4.1')).statusCode).toBe(401);
    expect((await signIn(user.username, 'twelve chars', '10.0.4.1')).statusCode).toBe(200);
  });

  it('holds a user with a temporary password to changing it (403, mustChangePassword)', async () => {
    const root = await admin();
    const created = await root.post('/api/users', {
      username: 'newcomer',
      displayName: 'New Comer',
      password: 'temporary password',
      roles: [{ role: 'coordinator', siteId: ROCHESTER }],
    });
    expect(created.status).toBe(201);
    const first = await api.login('newcomer', 'temporary password');
    for (const url of ['/api/subjects', '/api/screening-log']) {
      const held = await first.get(url);
      expect(held.status).toBe(403);
      expect(held.body.error.mustChangePassword).toBe(true);
    }
    expect((await first.get('/api/auth/session')).body.mustChangePassword).toBe(true);
    // What the public may read stays readable.
    expect((await first.get('/api/sites')).status).toBe(200);
    const changed = await first.post('/api/auth/password', {
      currentPassword: 'temporary password',
      newPassword: 'my own password',
    });
    expect(changed.status).toBe(200);
    expect((await first.get('/api/subjects')).status).toBe(200);

    // An admin's reset (a suspected compromise) ends the sessions that knew the old password.
    const reset = await root.post(`/api/users/${created.body.id}/password-reset`, {
      password: 'another temporary',
      reason: 'user reported a lost laptop',
    });
    expect(reset.status).toBe(200);
    expect(await sessionOf(first)).toBeNull();
    const again = await api.login('newcomer', 'another temporary');
    expect((await again.get('/api/subjects')).body.error.mustChangePassword).toBe(true);
  });

  it('refuses a state-changing request without the CSRF header (403), and takes reads without it', async () => {
    const login = (await signIn('admin', ADMIN_PASSWORD)).cookies[0] as { name: string; value: string };
    const cookie = `${login.name}=${login.value}`;
    const send = (method: 'GET' | 'POST' | 'PATCH', url: string, csrf?: string) =>
      api.app.inject({
        method,
        url,
        headers: { cookie, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        ...(method === 'GET' ? {} : { payload: {} }),
      });
    for (const [method, url] of [
      ['POST', '/api/auth/logout'],
      ['POST', '/api/users'],
      ['PATCH', `/api/sites/${ROCHESTER}`],
    ] as const) {
      const refused = await send(method, url);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.message).toContain('x-csrf-token');
      expect((await send(method, url, 'forged')).statusCode).toBe(403);
    }
    expect((await send('GET', '/api/users')).statusCode).toBe(200);
  });

  it('enrols an admin in TOTP, then requires the code at sign-in', async () => {
    const second = await signedIn('second-admin');
    const setup = await second.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const { secret, otpauthUri } = setup.body as { secret: string; otpauthUri: string };
    expect(otpauthUri).toBe(
      `otpauth://totp/trialkit:second-admin?secret=${secret}&issuer=trialkit&algorithm=SHA1&digits=6&period=30`,
    );
    const now = api.clock.now();
    const wrongCode = String((Number(totpAt(secret, now)) + 1) % 1_000_000).padStart(6, '0');
    expect((await second.post('/api/auth/totp/enable', { code: wrongCode })).status).toBe(400);
    expect((await second.post('/api/auth/totp/enable', { code: totpAt(secret, now) })).status).toBe(200);

    const ip = '10.0.5.1';
    const without = await signIn(second.username, second.password, ip);
    expect(without.statusCode).toBe(401);
    expect(without.json().error.totpRequired).toBe(true);
    const wrong = await signIn(second.username, second.password, ip, wrongCode);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.totpRequired).toBeUndefined();
    // The code that enabled TOTP is used: it cannot sign in (RFC 6238 §5.2, a code is good once).
    expect((await signIn(second.username, second.password, ip, totpAt(secret, now))).statusCode).toBe(401);
    advance(0.5);
    const next = totpAt(secret, api.clock.now());
    expect((await signIn(second.username, second.password, ip, next)).statusCode).toBe(200);
    // The same code again: refused.
    expect((await signIn(second.username, second.password, ip, next)).statusCode).toBe(401);
  });

  it('counts wrong re-entered passwords like failed sign-ins: the fifth locks the account and ends its sessions', async () => {
    const guesser = await signedIn('guesser');
    for (let i = 0; i < 4; i++) {
      const wrong = await guesser.post('/api/auth/password', {
        currentPassword: `guess number ${i}`,
        newPassword: 'a new password here',
      });
      expect(wrong.status).toBe(400);
    }
    expect(await sessionOf(guesser)).not.toBeNull();
    await guesser.post('/api/auth/password', {
      currentPassword: 'guess number 5',
      newPassword: 'a new password here',
    });
    expect(await sessionOf(guesser)).toBeNull();
    const refused = await signIn(users.guesser.username, users.guesser.password, '10.0.9.9');
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe('account_locked');
  });

  it('keeps an admin from deactivating themselves or dropping their own admin role', async () => {
    const root = await admin();
    const me = await userNamed('admin');
    const deactivate = await root.patch(`/api/users/${me.id}`, {
      version: me.version,
      active: false,
      reason: 'test',
    });
    expect(deactivate.status).toBe(422);
    const demote = await root.patch(`/api/users/${me.id}`, {
      version: me.version,
      roles: [{ role: 'monitor', siteId: ROCHESTER }],
      reason: 'test',
    });
    expect(demote.status).toBe(422);
  });

  it('offers TOTP only to admins and statisticians', async () => {
    const coordinator = await signedIn('totp-coordinator');
    expect((await coordinator.post('/api/auth/totp/setup')).status).toBe(403);
    expect((await coordinator.post('/api/auth/totp/enable', { code: '123456' })).status).toBe(403);
    const statistician = await signedIn('totp-statistician');
    expect((await statistician.post('/api/auth/totp/setup')).status).toBe(200);
  });

  it('answers health, readiness and the OpenAPI description', async () => {
    expect((await api.anonymous.get('/healthz')).body).toEqual({ status: 'ok' });
    const ready = await api.anonymous.get('/readyz');
    expect(ready).toEqual({ status: 200, body: { status: 'ready', database: backend.name } });
    const docs = await api.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    const spec = await api.anonymous.get('/docs/json');
    expect(Object.keys(spec.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/protocol', '/api/sites']),
    );
  });

  it('publishes the protocol and its 16 sites without sign-in', async () => {
    const sites = await api.anonymous.get('/api/sites');
    expect(sites.status).toBe(200);
    expect(sites.body).toHaveLength(16);
    const ids = sites.body.map((s: { id: string }) => s.id);
    expect(ids).toContain(ROCHESTER);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    const protocol = await api.anonymous.get('/api/protocol');
    expect(protocol.status).toBe(200);
    expect(protocol.body.id).toBe('NCT05168163');
  });

  it('refuses a body over the limit (413), and sets Secure cookies behind HTTPS', async () => {
    const small = await buildServer({
      db: api.db,
      clock: api.clock,
      protocol: testProtocol(),
      identity: TEST_IDENTITY_KEYS,
      secrets: TEST_SECRETS,
      timeZone: 'America/Chicago',
      secureCookies: true,
      bodyLimit: 1024,
    });
    try {
      const tooLarge = await small.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: 'x'.repeat(2000) },
      });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.json().error.kind).toBe('too_large');
      const ok = await small.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      });
      expect(ok.statusCode).toBe(200);
      expect(String(ok.headers['set-cookie'])).toContain('Secure');
    } finally {
      await small.close();
    }
  });
});
