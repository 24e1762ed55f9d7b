/**
 * Several server processes on one PostgreSQL database (issue 14): two real servers, started together as
 * child processes on a fresh database of TEST_DATABASE_URL, behind "one address" — one browser's
 * cookie jar whose requests alternate between the two ports, as a load balancer without sticky
 * sessions would send them. What one process decides, the other must honour: sessions and sign-out,
 * TOTP enrolment begun on one and finished on the other, the sign-in throttle (both see every client as
 * 127.0.0.1: one address, one count), and randomization exactly once, in list order.
 *
 * Skipped without TEST_DATABASE_URL (PGlite is one process's store; CI sets the variable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http, type HttpClient, type HttpResponse } from '../bench/server/http-load.ts';
import { createAccount, signIn } from '../bench/server/setup.ts';
import { loadProtocol } from '../src/protocol/index.ts';
import { LOGIN_LIMITS, totpAt } from '../src/store/index.ts';
import {
  daysSinceExampleDay,
  eligibleSignedSubjectOverHttp,
  FACTORS,
  freshDatabase,
  inParallel,
  type MadeSubject,
  ROCHESTER,
  type ServerProcess,
  serverKeys,
  startServerProcess,
} from './support/server-process.ts';

const url = process.env.TEST_DATABASE_URL;
const ADMIN_PASSWORD = 'multi-process-admin-password';
const DISTINCT = 60;

describe.skipIf(!url)(
  'two server processes on one PostgreSQL database (skipped: TEST_DATABASE_URL unset)',
  () => {
    let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
    const servers: ServerProcess[] = [];
    /** One Http per process: [A, B]. */
    const http: Http[] = [];
    let admin: HttpClient;
    let coordinator: HttpClient;
    let statistician: { client: HttpClient; password: string };
    let listId: string;
    const subjects: MadeSubject[] = [];
    /** Request number n goes to process n % 2: one address, two processes behind it. */
    let turn = 0;
    const send = (method: string, path: string, client: HttpClient | null, body?: unknown) =>
      (http[turn++ % 2] as Http).send(method, path, client, body);
    const json = (answer: HttpResponse) => JSON.parse(answer.body);

    beforeAll(async () => {
      database = await freshDatabase(url as string, 'tk_multi');
      const env = { ...serverKeys(), DATABASE_URL: database.url, TRIALKIT_ADMIN_PASSWORD: ADMIN_PASSWORD };
      // Started together: one migrates and seeds while the other waits on the advisory lock.
      servers.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
      http.push(...servers.map((s) => new Http(s.origin, 64)));
      const [a, b] = http as [Http, Http];
      admin = await signIn(a, 'admin', ADMIN_PASSWORD);
      coordinator = (
        await createAccount(b, admin, 'mp-coordinator', [{ role: 'coordinator', siteId: ROCHESTER }])
      ).client;
      const investigator = await createAccount(a, admin, 'mp-investigator', [
        { role: 'investigator', siteId: ROCHESTER },
      ]);
      statistician = await createAccount(b, admin, 'mp-statistician', [
        { role: 'statistician', siteId: null },
      ]);
      const config = { ...(loadProtocol().randomization as object), listLengthPerStratum: DISTINCT + 10 };
      listId = (
        await a.json<{ id: string }>('POST', '/api/randomization/lists', statistician.client, { config }, 201)
      ).body.id;
      const shift = daysSinceExampleDay();
      subjects.push(
        ...(await inParallel(DISTINCT + 1, 4, (i) =>
          eligibleSignedSubjectOverHttp(http[i % 2] as Http, coordinator, investigator, i, shift),
        )),
      );
    }, 120_000);

    afterAll(async () => {
      for (const h of http) h.close();
      await Promise.all(servers.map((s) => s.kill()));
      await database?.drop();
    }, 30_000);

    it('a session made on A works on B, and signing out on B ends it on A', async () => {
      const [a, b] = http as [Http, Http];
      const browser = await signIn(a, 'admin', ADMIN_PASSWORD);
      const onB = await b.send('GET', '/api/auth/session', browser);
      expect(onB.status).toBe(200);
      expect(json(onB).username).toBe('admin');
      expect((await b.send('GET', '/api/users', browser)).status).toBe(200);
      expect((await b.send('POST', '/api/auth/logout', browser)).status).toBe(200);
      expect(json(await a.send('GET', '/api/auth/session', browser))).toBeNull();
      expect((await a.send('GET', '/api/users', browser)).status).toBe(401);
      // The admin's other session (made before) still works on both.
      for (const h of [a, b]) expect((await h.send('GET', '/api/users', admin)).status).toBe(200);
    });

    it('TOTP enrolment set up on A is enabled on B; both then ask for the code', async () => {
      const [a, b] = http as [Http, Http];
      const setup = await a.send('POST', '/api/auth/totp/setup', statistician.client);
      expect(setup.status).toBe(200);
      const { secret } = json(setup) as { secret: string };
      const enabled = await b.send('POST', '/api/auth/totp/enable', statistician.client, {
        code: totpAt(secret, new Date()),
      });
      expect(enabled.status, enabled.body).toBe(200);
      const login = { username: 'mp-statistician', password: statistician.password };
      for (const h of [a, b]) {
        const refused = await h.send('POST', '/api/auth/login', null, login);
        expect(refused.status).toBe(401);
        expect(refused.body).toMatch(/totp/i);
      }
      // The next time step's code: the one that enabled TOTP may not sign in again.
      const next = totpAt(secret, new Date(Date.now() + 30_000));
      const signedIn = await a.send('POST', '/api/auth/login', null, { ...login, totp: next });
      expect(signedIn.status, signedIn.body).toBe(200);
    });

    it('one subject randomized through both processes at once: one allocation, every answer the same', async () => {
      const subject = subjects[DISTINCT] as MadeSubject;
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          send('POST', `/api/subjects/${subject.id}/randomization`, coordinator, { factors: FACTORS }),
        ),
      );
      expect(answers.filter((r) => r.status === 201)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 200)).toHaveLength(39);
      const receipts = answers.map(json);
      expect(new Set(receipts.map((r) => `${r.arm} ${r.stratum} #${r.sequence}`)).size).toBe(1);
      expect(receipts[0].sequence).toBe(1);
    });

    it(`${DISTINCT} distinct subjects through both processes at once: distinct entries, in list order`, async () => {
      const answers = await Promise.all(
        subjects
          .slice(0, DISTINCT)
          .map((s) => send('POST', `/api/subjects/${s.id}/randomization`, coordinator, { factors: FACTORS })),
      );
      expect(
        answers.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.slice(0, 200)}`),
      ).toEqual([]);
      const receipts = answers.map(json) as {
        studyId: string;
        arm: string;
        stratum: string;
        sequence: number;
      }[];
      expect(receipts.map((r) => r.sequence).sort((x, y) => x - y)).toEqual(
        Array.from({ length: DISTINCT }, (_, i) => i + 2),
      );
      const exported = await send('GET', `/api/randomization/lists/${listId}/entries`, statistician.client);
      expect(exported.status).toBe(200);
      const entries = (
        json(exported) as { stratum: string; sequence: number; arm: string; studyId: string | null }[]
      )
        .filter((e) => e.stratum === receipts[0]?.stratum)
        .sort((x, y) => x.sequence - y.sequence);
      const used = entries.filter((e) => e.studyId !== null);
      // Used entries are the first DISTINCT + 1 of the stratum, each by one subject, with the arm its receipt named.
      expect(used.map((e) => e.sequence)).toEqual(Array.from({ length: DISTINCT + 1 }, (_, i) => i + 1));
      expect(new Set(used.map((e) => e.studyId)).size).toBe(DISTINCT + 1);
      for (const r of receipts)
        expect(entries[r.sequence - 1]).toMatchObject({ studyId: r.studyId, arm: r.arm });
    });

    // Last: afterwards every sign-in from 127.0.0.1 is refused for the window.
    it(`the sign-in throttle counts failures across processes: after ${LOGIN_LIMITS.perClient} alternating failures, both refuse`, async () => {
      for (let i = 0; i < LOGIN_LIMITS.perClient; i++) {
        // A different unknown name each time: the per-account lock (5 in a row) never applies.
        const failed = await send('POST', '/api/auth/login', null, {
          username: `nobody-${i}`,
          password: 'wrong',
        });
        expect(failed.status, `failure ${i + 1}`).toBe(401);
      }
      const [a, b] = http as [Http, Http];
      for (const h of [a, b]) {
        const refused = await h.send('POST', '/api/auth/login', null, {
          username: 'admin',
          password: ADMIN_PASSWORD,
        });
        expect(refused.status).toBe(429);
      }
    });
  },
);
