/**
 * Every route of the API, called by every role from the subject's own site (Rochester) and from
 * another site (Arizona), and by an anonymous client, against one table of expected outcomes. The
 * rules it writes down (issue 5):
 *
 * - the statistician reads every site's subjects and enters no subject data;
 * - the admin manages accounts and sites and reads no subject's data (403: issue 14; the role is
 *   for accounts and sites, src/store/access.ts); its dashboard is the study's counts, no subject row;
 * - coordinator and investigator write to their own site's subjects; only the investigator signs;
 * - the monitor reads its sites and writes nothing (403); it and the admin verify the audit chain;
 * - a user of another site gets 404 for a subject, never 403, and lists without it ("hidden");
 * - only the statistician lists, creates and exports randomization lists and runs rehearsals;
 * - only the admin manages users and sites' recruiting status; TOTP is for admin and statistician.
 *
 * Bodies are valid, so that a status reflects authorization and not validation. The rows run in order
 * against one subject: it is eligible, gets signed, randomized and then cannot be withdrawn (422: let
 * past authorization, refused by a trial rule). The table must list exactly the API's routes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  exampleBundle,
  type Response,
  ROCHESTER,
  startApi,
  type TestApi,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { ELIGIBILITY_MEANING, type RoleAssignment, totpAt } from '../store/index.ts';

// 2xx: allowed. hidden: 2xx, but the Rochester subject is not in the list. 422: allowed past
// authorization, then refused by a trial rule (here: the subject is randomized, so cannot be withdrawn).
// The anonymous client signs in with the Rochester coordinator's credentials: sign-in needs no session.
// The session check answers everyone (null without a session): the web app asks on every page load.
const EXPECTED = `
route                                           anon   admin  stat   co@R   inv@R  mon@R  co@AZ  inv@AZ mon@AZ
GET    /api/protocol                            2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET    /api/sites                               2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET    /api/accrual                             2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
POST   /api/auth/login                          2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET    /api/auth/session                        2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
POST   /api/auth/totp/setup                     401    2xx    2xx    403    403    403    403    403    403
POST   /api/auth/totp/enable                    401    2xx    2xx    403    403    403    403    403    403
GET    /api/users                               401    2xx    403    403    403    403    403    403    403
POST   /api/users                               401    2xx    403    403    403    403    403    403    403
PATCH  /api/users/:id                           401    2xx    403    403    403    403    403    403    403
POST   /api/users/:id/password-reset            401    2xx    403    403    403    403    403    403    403
PATCH  /api/sites/:siteId                       401    2xx    403    403    403    403    403    403    403
GET    /api/audit/verify                        401    2xx    403    403    403    2xx    403    403    2xx
POST   /api/subjects                            401    403    403    2xx    2xx    403    403    403    403
POST   /api/subjects/duplicate-check            401    403    403    2xx    2xx    403    403    403    403
GET    /api/subjects                            401    403    2xx    2xx    2xx    2xx    hidden hidden hidden
GET    /api/subjects/:id                        401    403    2xx    2xx    2xx    2xx    404    404    404
PATCH  /api/subjects/:id                        401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/documents              401    403    403    2xx    2xx    403    404    404    404
DELETE /api/subjects/:id/documents/:documentId  401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/lab-results            401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/lab-panels             401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/attestations           401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/screenings             401    403    403    2xx    2xx    403    404    404    404
GET    /api/subjects/:id/screening              401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/subjects/:id/screenings             401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/subjects/:id/documents              401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/subjects/:id/answers                401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/subjects/:id/audit                  401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/screening-log                       401    403    2xx    2xx    2xx    2xx    hidden hidden hidden
POST   /api/subjects/:id/signatures             401    403    403    403    2xx    403    404    404    404
POST   /api/subjects/:id/randomization          401    403    403    2xx    2xx    403    404    404    404
GET    /api/subjects/:id/randomization          401    403    2xx    2xx    2xx    2xx    404    404    404
POST   /api/subjects/:id/withdraw               401    403    403    422    422    403    404    404    404
GET    /api/subjects/:id/events                 401    403    2xx    2xx    2xx    2xx    404    404    404
POST   /api/subjects/:id/events                 401    403    403    2xx    2xx    403    404    404    404
PATCH  /api/subjects/:id/events/:eventId        401    403    403    2xx    2xx    403    404    404    404
POST   /api/subjects/:id/events/:eventId/removal 401   403    403    2xx    2xx    403    404    404    404
GET    /api/subjects/:id/calendar               401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/subjects/:id/calendar.ics           401    403    2xx    2xx    2xx    2xx    404    404    404
GET    /api/worklist                            401    403    2xx    2xx    2xx    2xx    hidden hidden hidden
GET    /api/worklist.ics                        401    403    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET    /api/randomization/lists                 401    403    2xx    403    403    403    403    403    403
POST   /api/randomization/lists                 401    403    2xx    403    403    403    403    403    403
GET    /api/randomization/lists/:listId/entries 401    403    2xx    403    403    403    403    403    403
POST   /api/randomization/rehearsal             401    403    2xx    403    403    403    403    403    403
GET    /api/dashboard                           401    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
GET    /api/analysis/example                    401    403    2xx    403    403    403    403    403    403
POST   /api/analysis                            401    403    2xx    403    403    403    403    403    403
POST   /api/auth/password                       401    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
POST   /api/auth/logout                         2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx    2xx
`;

/** The example study of examples/cdisc, a valid body for POST /api/analysis. */
const exampleStudy = Object.fromEntries(
  ['tu', 'tr', 'rs', 'adsl'].map((name) => [
    name,
    readFileSync(new URL(`../../examples/cdisc/${name}.csv`, import.meta.url), 'utf8'),
  ]),
);

/** Flat, "<route> as <column>" → outcome, so that a failure's diff names the route and the caller of each mismatch. */
type Outcomes = Record<string, string>;

function parseTable(text: string): { columns: string[]; routes: string[]; expected: Outcomes } {
  const [header, ...lines] = text
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/));
  const columns = (header as string[]).slice(1);
  const routes: string[] = [];
  const expected: Outcomes = {};
  for (const [method, path, ...cells] of lines) {
    const route = `${method} ${path}`;
    routes.push(route);
    columns.forEach((column, i) => {
      expected[`${route} as ${column}`] = cells[i] ?? '(missing)';
    });
  }
  return { columns, routes, expected };
}

interface Caller {
  column: string;
  client: Client;
}

describe.each(backends())('authorization matrix on $name', (backend) => {
  let api: TestApi;
  const callers = new Map<string, Client>();
  // Accounts of their own, to read current versions and hashes — an admin for users, a monitor for the
  // subject: the columns' enabling TOTP ends their accounts' other sessions.
  let helper: Client;
  let reader: Client;
  let subject: { id: string; studyId: string };
  let targetUserId: string;
  let listId: string;

  const roles: Record<string, RoleAssignment[]> = {
    stat: [{ role: 'statistician', siteId: null }],
    'co@R': [{ role: 'coordinator', siteId: ROCHESTER }],
    'inv@R': [{ role: 'investigator', siteId: ROCHESTER }],
    'mon@R': [{ role: 'monitor', siteId: ROCHESTER }],
    'co@AZ': [{ role: 'coordinator', siteId: ARIZONA }],
    'inv@AZ': [{ role: 'investigator', siteId: ARIZONA }],
    'mon@AZ': [{ role: 'monitor', siteId: ARIZONA }],
  };

  beforeAll(async () => {
    api = await startApi(backend);
    callers.set('anon', api.anonymous);
    callers.set('admin', api.admin);
    for (const [column, assignments] of Object.entries(roles))
      callers.set(column, await api.user(column.replace('@', '-').toLowerCase(), assignments));
    helper = await api.user('matrix-helper', [{ role: 'admin', siteId: null }]);
    reader = await api.user('matrix-reader', [{ role: 'monitor', siteId: ROCHESTER }]);
    const coordinator = callers.get('co@R') as Client;
    const created = await coordinator.post('/api/subjects', {
      siteId: ROCHESTER,
      initials: 'AL',
      birthDate: '1958-09-03',
      sex: 'male',
    });
    subject = created.body;
    const uploaded = await upload(coordinator);
    if (uploaded.body.episode?.overall !== 'eligible') throw new Error(JSON.stringify(uploaded.body));
    listId = (await (callers.get('stat') as Client).post('/api/randomization/lists', {})).body.id;
    targetUserId = (
      await api.admin.post('/api/users', {
        username: 'target-of-admin-routes',
        displayName: 'Target',
        password: 'temporary password',
        roles: [{ role: 'monitor', siteId: ARIZONA }],
      })
    ).body.id;
  }, 60_000);
  afterAll(() => api?.close());

  const upload = (client: Client) =>
    client.post(`/api/subjects/${subject.id}/documents`, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('eligible'),
    });
  const subjectVersion = async () => (await reader.get(`/api/subjects/${subject.id}`)).body.version;
  const secrets = new Map<string, string>();
  const reason = 'authorization matrix';
  /** An unscheduled visit on the day of randomization (the test clock's day). */
  const visit = { kind: 'visit', visitId: 'unscheduled', date: '2026-03-30', ecog: 1 };
  /** A study event of its own for each caller (one corrected or removed by another would be at version 2). */
  const ownEvent = async (): Promise<string> =>
    (await (callers.get('co@R') as Client).post(`/api/subjects/${subject.id}/events`, visit)).body.id;

  /** One request per route; `as` is the caller of the column. Paths as the route files declare them. */
  const calls: Record<string, (as: Caller) => Promise<Response>> = {
    'GET /api/protocol': ({ client }) => client.get('/api/protocol'),
    'GET /api/sites': ({ client }) => client.get('/api/sites'),
    'GET /api/accrual': ({ client }) => client.get('/api/accrual'),
    'POST /api/auth/login': ({ client }) => {
      const own = client.username ? client : (callers.get('co@R') as Client);
      return client.post('/api/auth/login', { username: own.username, password: own.password });
    },
    'GET /api/auth/session': ({ client }) => client.get('/api/auth/session'),
    'POST /api/auth/totp/setup': async ({ column, client }) => {
      const response = await client.post('/api/auth/totp/setup');
      if (response.status === 200) secrets.set(column, response.body.secret);
      return response;
    },
    'POST /api/auth/totp/enable': ({ column, client }) => {
      const secret = secrets.get(column);
      return client.post('/api/auth/totp/enable', {
        code: secret ? totpAt(secret, api.clock.now()) : '123456',
      });
    },
    'GET /api/users': ({ client }) => client.get('/api/users'),
    'POST /api/users': ({ column, client }) =>
      client.post('/api/users', {
        username: `made-by-${column.replace('@', '-').toLowerCase()}`,
        displayName: 'Made in the matrix',
        password: 'temporary password',
        roles: [{ role: 'coordinator', siteId: ROCHESTER }],
      }),
    'PATCH /api/users/:id': async ({ column, client }) => {
      const users: { id: string; version: number }[] = (await helper.get('/api/users')).body;
      const { version } = users.find((u) => u.id === targetUserId) as { version: number };
      return client.patch(`/api/users/${targetUserId}`, { version, displayName: `By ${column}`, reason });
    },
    'POST /api/users/:id/password-reset': ({ client }) =>
      client.post(`/api/users/${targetUserId}/password-reset`, { password: 'another temporary', reason }),
    'PATCH /api/sites/:siteId': async ({ client }) => {
      const sites: { id: string; version: number }[] = (await helper.get('/api/sites')).body;
      const { version } = sites.find((s) => s.id === ROCHESTER) as { version: number };
      return client.patch(`/api/sites/${ROCHESTER}`, { recruitingStatus: 'RECRUITING', version, reason });
    },
    'GET /api/audit/verify': ({ client }) => client.get('/api/audit/verify'),
    'POST /api/subjects': ({ client }) =>
      client.post('/api/subjects', {
        siteId: ROCHESTER,
        initials: 'MX',
        birthDate: '1960-01-01',
        sex: 'female',
      }),
    'POST /api/subjects/duplicate-check': ({ client }) =>
      client.post('/api/subjects/duplicate-check', {
        siteId: ROCHESTER,
        initials: 'AL',
        birthDate: '1958-09-03',
        sex: 'male',
      }),
    'GET /api/subjects': ({ client }) => client.get('/api/subjects'),
    'GET /api/subjects/:id': ({ client }) => client.get(`/api/subjects/${subject.id}`),
    'PATCH /api/subjects/:id': async ({ client }) =>
      client.patch(`/api/subjects/${subject.id}`, {
        version: await subjectVersion(),
        initials: 'AL',
        reason,
      }),
    'POST /api/subjects/:id/documents': ({ client }) => upload(client),
    'DELETE /api/subjects/:id/documents/:documentId': async ({ client }) => {
      // A document of its own for each caller: one already removed would answer 404 to everyone.
      const { documentId } = (await upload(callers.get('co@R') as Client)).body;
      return client.del(`/api/subjects/${subject.id}/documents/${documentId}`, { reason });
    },
    'POST /api/subjects/:id/lab-results': ({ client }) =>
      client.post(`/api/subjects/${subject.id}/lab-results`, {
        labId: 'platelets',
        value: 180,
        unit: '10*9/L',
        date: '2026-03-28',
      }),
    'POST /api/subjects/:id/lab-panels': ({ client }) =>
      client.post(`/api/subjects/${subject.id}/lab-panels`, {
        date: '2026-03-28',
        results: [
          { labId: 'platelets', value: 180, unit: '10*9/L' },
          { labId: 'anc', value: 2.1, unit: '10*9/L' },
        ],
      }),
    'POST /api/subjects/:id/attestations': ({ client }) =>
      client.post(`/api/subjects/${subject.id}/attestations`, { answers: [{ linkId: 'I01', value: true }] }),
    'POST /api/subjects/:id/screenings': ({ client }) =>
      client.post(`/api/subjects/${subject.id}/screenings`),
    'GET /api/subjects/:id/screening': ({ client }) => client.get(`/api/subjects/${subject.id}/screening`),
    'GET /api/subjects/:id/screenings': ({ client }) => client.get(`/api/subjects/${subject.id}/screenings`),
    'GET /api/subjects/:id/documents': ({ client }) => client.get(`/api/subjects/${subject.id}/documents`),
    'GET /api/subjects/:id/answers': ({ client }) => client.get(`/api/subjects/${subject.id}/answers`),
    'GET /api/subjects/:id/audit': ({ client }) => client.get(`/api/subjects/${subject.id}/audit`),
    'GET /api/screening-log': ({ client }) => client.get('/api/screening-log'),
    'POST /api/subjects/:id/signatures': async ({ client }) => {
      const current = (await reader.get(`/api/subjects/${subject.id}/screening`)).body.episode;
      return client.post(`/api/subjects/${subject.id}/signatures`, {
        password: client.password || 'no password at all',
        resultSha256: current.resultSha256,
        meaning: ELIGIBILITY_MEANING,
      });
    },
    'POST /api/subjects/:id/randomization': ({ client }) =>
      client.post(`/api/subjects/${subject.id}/randomization`, { factors: { 'planned-mki': 'lenvatinib' } }),
    'GET /api/subjects/:id/randomization': ({ client }) =>
      client.get(`/api/subjects/${subject.id}/randomization`),
    'POST /api/subjects/:id/withdraw': async ({ client }) =>
      client.post(`/api/subjects/${subject.id}/withdraw`, { version: await subjectVersion(), reason }),
    'GET /api/subjects/:id/events': ({ client }) => client.get(`/api/subjects/${subject.id}/events`),
    'POST /api/subjects/:id/events': ({ client }) => client.post(`/api/subjects/${subject.id}/events`, visit),
    'PATCH /api/subjects/:id/events/:eventId': async ({ client }) =>
      client.patch(`/api/subjects/${subject.id}/events/${await ownEvent()}`, {
        version: 1,
        data: visit,
        reason,
      }),
    'POST /api/subjects/:id/events/:eventId/removal': async ({ client }) =>
      client.post(`/api/subjects/${subject.id}/events/${await ownEvent()}/removal`, { version: 1, reason }),
    'GET /api/subjects/:id/calendar': ({ client }) => client.get(`/api/subjects/${subject.id}/calendar`),
    'GET /api/subjects/:id/calendar.ics': ({ client }) =>
      client.get(`/api/subjects/${subject.id}/calendar.ics`),
    'GET /api/worklist': ({ client }) => client.get('/api/worklist'),
    'GET /api/worklist.ics': ({ client }) => client.get('/api/worklist.ics'),
    'GET /api/randomization/lists': ({ client }) => client.get('/api/randomization/lists'),
    'POST /api/randomization/lists': ({ client }) =>
      client.post('/api/randomization/lists', { rehearsal: true }),
    'GET /api/randomization/lists/:listId/entries': ({ client }) =>
      client.get(`/api/randomization/lists/${listId}/entries`),
    'POST /api/randomization/rehearsal': ({ client }) =>
      client.post('/api/randomization/rehearsal', { subjects: { count: 10 } }),
    'GET /api/dashboard': ({ client }) => client.get('/api/dashboard'),
    'GET /api/analysis/example': ({ client }) => client.get('/api/analysis/example'),
    'POST /api/analysis': ({ client }) => client.post('/api/analysis', exampleStudy),
    'POST /api/auth/password': ({ client }) =>
      client.post('/api/auth/password', {
        currentPassword: client.password || 'no password at all',
        newPassword: `${client.password} changed`,
      }),
    'POST /api/auth/logout': ({ client }) => client.post('/api/auth/logout'),
  };

  /** The list routes, and where their subjects are: a list without the Rochester subject is "hidden". */
  const lists: Record<string, (body: Response['body']) => { id: string }[]> = {
    'GET /api/subjects': (body) => body,
    'GET /api/screening-log': (body) => body.entries,
    'GET /api/worklist': (body) =>
      [...body.overdue, ...body.due, ...body.upcoming].map((v: { subjectId: string }) => ({
        id: v.subjectId,
      })),
  };
  const outcome = (route: string, response: Response): string => {
    if (response.status < 200 || response.status > 299) return String(response.status);
    const listed = lists[route]?.(response.body);
    return !listed || listed.some((s) => s.id === subject.id) ? '2xx' : 'hidden';
  };

  it('lists every route of the API, and no other', async () => {
    const spec = (await api.anonymous.get('/docs/json')).body as { paths: Record<string, object> };
    const documented = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith('/api/'))
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      );
    const { routes } = parseTable(EXPECTED);
    expect([...routes].sort()).toEqual(documented.sort());
    expect(Object.keys(calls).sort()).toEqual(documented.sort());
  });

  it('answers each role on each route as the table says', async () => {
    const { columns, routes, expected } = parseTable(EXPECTED);
    const actual: Outcomes = {};
    for (const route of routes)
      for (const column of columns) {
        const call = calls[route];
        const client = callers.get(column);
        actual[`${route} as ${column}`] =
          call && client
            ? outcome(route, await call({ column, client }))
            : `(no ${call ? 'caller' : 'call'})`;
      }
    expect(actual).toEqual(expected);
  }, 120_000);
});
