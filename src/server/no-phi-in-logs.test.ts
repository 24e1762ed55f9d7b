/**
 * No patient data and no secret in the logs (issue 14, item 2), whatever is sent and however it fails.
 * The server logs at `trace`, its most talkative, into memory. Recognisable PHI — a patient's name, a
 * birth date, an MRN — and a password go through every route the OpenAPI document lists (so a new
 * route is covered without a line here): in path parameters, query strings and bodies, anonymously and
 * as a signed-in user of a role the route serves, in requests that succeed and that fail (400, 401,
 * 403, 404, 409, 422, 429), and in real 500s from the database: CHECK constraints added to the test's
 * own database (NOT VALID, so existing rows stay) make the INSERTs of a subject, an uploaded FHIR
 * bundle and a user fail — genuine PostgreSQL errors whose detail repeats the failing row (the birth
 * date, the bundle, the argon2id hash) and which, on PGlite, carry the statement's parameters as well.
 * No log line may hold any of it, nor an argon2id hash.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_PASSWORD,
  ARIZONA,
  exampleBundle,
  ROCHESTER,
  TEST_IDENTITY_KEYS,
  TEST_SECRETS,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { type ApiRoute, apiRoutesOf, pathOf } from '../../test/support/routes.ts';
import type { Db, RoleAssignment } from '../store/index.ts';
import { buildServer } from './app.ts';
import { bootstrap } from './bootstrap.ts';

const NAME = 'Zebulon Quixley';
const BIRTH_DATE = '1931-07-19';
const MRN = 'MRN-88442211';
const PASSWORD = 'Plugh-Xyzzy-Passw0rd-4471';
/** What must never be in a log line: the PHI, each part of the name, the password, a password hash. */
const FORBIDDEN = [NAME, 'Zebulon', 'Quixley', BIRTH_DATE, MRN, '88442211', PASSWORD, '$argon2id$'];

/** The eligible example with the PHI above as its patient's name, MRN and birth date. */
function phiBundle(): unknown {
  const bundle = structuredClone(exampleBundle('eligible')) as {
    entry: { resource: Record<string, unknown> }[];
  };
  for (const { resource } of bundle.entry)
    if (resource.resourceType === 'Patient') {
      resource.name = [{ family: 'Quixley', given: ['Zebulon'], text: NAME }];
      resource.identifier = [{ system: 'urn:example:mrn', value: MRN }];
      resource.birthDate = BIRTH_DATE;
    }
  return bundle;
}

/** Free text carrying all the PHI at once. */
const PHI_TEXT = `${NAME}, born ${BIRTH_DATE}, ${MRN}, password ${PASSWORD}`;
/** A query string of PHI (a route refuses unknown parameters, after reading them). */
const PHI_QUERY = `name=${encodeURIComponent(NAME)}&birthDate=${BIRTH_DATE}&mrn=${MRN}&password=${encodeURIComponent(PASSWORD)}`;
/** A body of PHI in fields no route knows. */
const PHI_FIELDS = { patientName: NAME, birthDate: BIRTH_DATE, mrn: MRN, password: PASSWORD, note: PHI_TEXT };

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  format?: string;
  minimum?: number;
  minItems?: number;
};

/**
 * A body for `schema` with PHI wherever a value is free: every string is PHI text, every date the
 * birth date, every password the password, uploaded content the PHI bundle; the rest as the schema
 * allows, so that many bodies get past validation into the route (others are refused: a 400 is fine).
 */
function phiBody(schema: Schema | undefined, ids: Record<string, string>, name?: string): unknown {
  if (!schema) return PHI_FIELDS;
  if (name === 'content') return phiBundle();
  if (name && /password/i.test(name)) return PASSWORD;
  if (name === 'birthDate') return BIRTH_DATE;
  if (name === 'initials') return 'ZQ';
  if (name === 'siteId') return ROCHESTER;
  if (name === 'version') return 1;
  if (name === 'mediaType') return 'application/fhir+json';
  if (name === 'recruitingStatus') return 'RECRUITING';
  const options = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (options?.length) return phiBody(options.find((o) => o.type !== 'null') ?? options[0], ids, name);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const type =
    (Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null')[0] : schema.type) ?? 'any';
  switch (type) {
    case 'string':
      if (schema.format === 'date') return BIRTH_DATE;
      if (schema.format === 'uuid') return ids.subject;
      return PHI_TEXT;
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(schema.minItems ?? 1, 1) }, () => phiBody(schema.items, ids));
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? { note: {} }).map(([key, value]) => [
          key,
          phiBody(value, ids, key),
        ]),
      );
    default:
      return PHI_TEXT;
  }
}

type Caller = 'admin' | 'stat' | 'co' | 'inv' | 'mon';
/** A role each route serves, so that the PHI gets past authorization (anonymous calls are made too). */
const CALLERS: [RegExp, Caller][] = [
  [/ \/api\/(users|sites\/|audit\/)/, 'admin'],
  [/ \/api\/(randomization\/(lists|rehearsal)|analysis|auth\/totp)/, 'stat'],
  [/\/signatures$/, 'inv'],
  [/ \/api\/auth\/password$/, 'mon'],
  [/./, 'co'],
];

describe.each(backends())('no PHI in the logs on $name', (backend) => {
  let db: Db;
  let app: FastifyInstance;
  const lines: string[] = [];
  const headers = new Map<Caller, Record<string, string>>();
  const ids: Record<string, string> = {};
  const statuses = new Map<string, Set<number>>();
  let sent = 0;

  const send = async (options: InjectOptions & { as?: Caller }, route = 'other') => {
    const { as, ...rest } = options;
    sent++;
    const response = await app.inject({
      ...rest,
      headers: { ...(as ? headers.get(as) : {}), ...rest.headers },
    });
    const seen = statuses.get(route) ?? new Set();
    seen.add(response.statusCode);
    statuses.set(route, seen);
    return response;
  };
  const signIn = async (username: string, password: string) => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    if (login.statusCode !== 200) throw new Error(`sign-in ${username}: ${login.body}`);
    const cookie = login.cookies[0] as { name: string; value: string };
    return { cookie: `${cookie.name}=${cookie.value}`, 'x-csrf-token': login.json().csrfToken as string };
  };
  const makeUser = async (username: string, roles: RoleAssignment[]) => {
    const temporary = `temporary ${username}`;
    const created = await send({
      as: 'admin',
      method: 'POST',
      url: '/api/users',
      payload: { username, displayName: username, password: temporary, roles },
    });
    if (created.statusCode !== 201) throw new Error(created.body);
    const first = await signIn(username, temporary);
    const own = `own password of ${username}`;
    await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: first,
      payload: { currentPassword: temporary, newPassword: own },
    });
    return signIn(username, own);
  };

  beforeAll(async () => {
    db = await backend.open();
    const now = new Date('2026-03-30T14:00:00Z');
    await bootstrap(db, testProtocol(), now, ADMIN_PASSWORD, TEST_IDENTITY_KEYS, TEST_SECRETS);
    app = await buildServer({
      db,
      clock: { now: () => now },
      protocol: testProtocol(),
      identity: TEST_IDENTITY_KEYS,
      secrets: TEST_SECRETS,
      timeZone: 'America/Chicago',
      secureCookies: false,
      logger: { level: 'trace', stream: { write: (line: string) => void lines.push(line) } },
    });
    headers.set('admin', await signIn('admin', ADMIN_PASSWORD));
    headers.set('stat', await makeUser('phi-stat', [{ role: 'statistician', siteId: null }]));
    headers.set('co', await makeUser('phi-co', [{ role: 'coordinator', siteId: ROCHESTER }]));
    headers.set('inv', await makeUser('phi-inv', [{ role: 'investigator', siteId: ROCHESTER }]));
    headers.set('mon', await makeUser('phi-mon', [{ role: 'monitor', siteId: ROCHESTER }]));
    const subject = await send({
      as: 'co',
      method: 'POST',
      url: '/api/subjects',
      payload: { siteId: ROCHESTER, initials: 'ZQ', birthDate: BIRTH_DATE, sex: 'male' },
    });
    ids.subject = subject.json().id;
    const upload = await send({
      as: 'co',
      method: 'POST',
      url: `/api/subjects/${ids.subject}/documents`,
      payload: { fileName: `${NAME} ${MRN}.json`, mediaType: 'application/fhir+json', content: phiBundle() },
    });
    expect(upload.statusCode, upload.body).toBe(201);
    ids.document = upload.json().documentId;
    ids.list = (
      await send({
        as: 'stat',
        method: 'POST',
        url: '/api/randomization/lists',
        payload: { rehearsal: true },
      })
    ).json().id;
    ids.user = (
      await send({
        as: 'admin',
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'phi-target',
          displayName: NAME,
          password: PASSWORD,
          roles: [{ role: 'monitor', siteId: ARIZONA }],
        },
      })
    ).json().id;
    expect(ids.user).toBeDefined();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const realId = (route: ApiRoute, name: string) =>
    name === 'id' && route.path.startsWith('/api/users/')
      ? (ids.user as string)
      : name === 'siteId'
        ? ROCHESTER
        : ((name === 'documentId' ? ids.document : name === 'listId' ? ids.list : ids.subject) as string);

  it('sends PHI through every route: paths, queries and bodies, anonymously and signed in', async () => {
    const routes = apiRoutesOf(app);
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) {
      if (route.name === 'POST /api/auth/logout') continue; // ends a session the others need; below
      const as = (CALLERS.find(([pattern]) => pattern.test(route.name)) as [RegExp, Caller])[1];
      const body = route.body ? phiBody(route.body as Schema, ids) : undefined;
      const withBody = (payload: unknown) => (payload === undefined ? {} : { payload: payload as object });
      const real = pathOf(route, (name) => realId(route, name));
      const phiPath = pathOf(route, (name) => (name === 'siteId' ? NAME : MRN));
      const requests: (InjectOptions & { as?: Caller })[] = [
        // Anonymous: 401 (or the public answer), with PHI everywhere.
        { method: route.method, url: `${phiPath}?${PHI_QUERY}`, ...withBody(body ?? PHI_FIELDS) },
        // Signed in: PHI as path parameters (404 or 400), as query parameters (400), in unknown fields (400).
        { as, method: route.method, url: phiPath, ...withBody(body) },
        { as, method: route.method, url: `${real}?${PHI_QUERY}`, ...withBody(body) },
        { as, method: route.method, url: real, ...withBody(route.body ? PHI_FIELDS : undefined) },
        // Signed in, the PHI in the fields the route reads: into the route and the store.
        { as, method: route.method, url: real, ...withBody(body) },
        // Another role, most often refused (403), with the same PHI.
        { as: as === 'co' ? 'mon' : 'co', method: route.method, url: real, ...withBody(body) },
      ];
      if (route.name === 'POST /api/auth/login')
        requests.push({ method: 'POST', url: real, payload: { username: 'phi-co', password: PASSWORD } });
      for (const request of requests) {
        const response = await send(request, route.name);
        expect(response.statusCode, `${route.name}: ${response.body.slice(0, 300)}`).toBeLessThan(500);
      }
    }
    const seen = new Set([...statuses.values()].flatMap((s) => [...s]));
    for (const status of [200, 201, 400, 401, 403, 404, 422])
      expect(seen, `status ${status}`).toContain(status);
  }, 180_000);

  it('sends PHI in a conflict (409), another site’s subject (404) and a wrong signature password', async () => {
    const stale = await send({
      as: 'co',
      method: 'PATCH',
      url: `/api/subjects/${ids.subject}`,
      payload: { version: 99, birthDate: BIRTH_DATE, reason: PHI_TEXT },
    });
    expect(stale.statusCode).toBe(409);
    const foreign = await makeUser('phi-co-az', [{ role: 'coordinator', siteId: ARIZONA }]);
    const hidden = await app.inject({
      method: 'PATCH',
      url: `/api/subjects/${ids.subject}`,
      headers: foreign,
      payload: { version: 1, birthDate: BIRTH_DATE, reason: PHI_TEXT },
    });
    expect(hidden.statusCode).toBe(404);
    const wrong = await send({
      as: 'inv',
      method: 'POST',
      url: `/api/subjects/${ids.subject}/signatures`,
      payload: { password: PASSWORD, resultSha256: 'a'.repeat(64), meaning: PHI_TEXT },
    });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    expect(wrong.statusCode).toBeLessThan(500);
    const logout = await send({
      as: 'mon',
      method: 'POST',
      url: `/api/auth/logout?${PHI_QUERY}`,
      payload: {},
    });
    expect(logout.statusCode).toBeLessThan(500);
  });

  it('sends PHI into real database errors (500) on creating a subject, uploading a bundle and creating a user', async () => {
    // Every new row of these tables now breaks a CHECK constraint: PostgreSQL's error repeats the row.
    for (const table of ['subject', 'subject_document', 'app_user'])
      await db.exec(`ALTER TABLE ${table} ADD CONSTRAINT phi_test_refuses_new_rows CHECK (false) NOT VALID`);
    const failures = [
      await send({
        as: 'co',
        method: 'POST',
        url: '/api/subjects',
        payload: { siteId: ROCHESTER, initials: 'ZQ', birthDate: BIRTH_DATE, sex: 'male' },
      }),
      await send({
        as: 'co',
        method: 'POST',
        url: `/api/subjects/${ids.subject}/documents`,
        payload: {
          fileName: `${NAME} ${MRN}.json`,
          mediaType: 'application/fhir+json',
          content: phiBundle(),
        },
      }),
      await send({
        as: 'admin',
        method: 'POST',
        url: '/api/users',
        payload: {
          username: 'phi-failing',
          displayName: NAME,
          password: PASSWORD,
          roles: [{ role: 'monitor', siteId: ARIZONA }],
        },
      }),
    ];
    for (const failure of failures) {
      expect(failure.statusCode, failure.body).toBe(500);
      expect(failure.json().error).toEqual({
        kind: 'internal',
        message: 'internal error; the request changed nothing',
      });
      expect(failure.headers['cache-control']).toBe('no-store');
      expect(failure.body).not.toContain('Quixley');
    }
    // The log has the errors — class, SQLSTATE, constraint — and nothing of the row.
    const errors = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'unhandled error');
    expect(errors).toHaveLength(3);
    for (const line of errors)
      expect(line.err).toMatchObject({ code: '23514', constraint: 'phi_test_refuses_new_rows' });
  });

  it('sends PHI in a request line the HTTP parser refuses', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const { connect } = await import('node:net');
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () =>
        socket.write(`GET /api/subjects?name=${NAME} ${MRN} HTTP/1.1\r\nX-Patient: ${NAME}\r\n\r\n`),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });

  it('wrote a log line for every request, and none holds PHI, a password or a password hash', () => {
    const requests = lines.filter((l) => l.includes('"incoming request"'));
    expect(sent).toBeGreaterThan(250);
    expect(requests.length).toBeGreaterThanOrEqual(sent);
    const leaks = lines.filter((line) => FORBIDDEN.some((text) => line.includes(text)));
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
  });
});
