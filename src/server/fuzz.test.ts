/**
 * Fuzzing every route of the API (issue 14): for each route the OpenAPI document lists, fast-check
 * generates path parameters, query strings and bodies from the route's contract (the JSON Schema of its
 * src/contracts zod schemas), steered toward real records by hints and spoiled by mutations (wrong
 * types, huge and ill-formed text, NUL and lone surrogates, unknown fields, deep nesting, __proto__
 * keys, bodies that are not JSON: test/support/fuzz.ts). Each input is sent by a signed-in user of a
 * role the route serves (or anonymously), beside a /healthz probe. No answer may be a 5xx, and /healthz
 * must answer every time.
 *
 * Reproducible: the seed is fixed (FUZZ_SEED overrides it; each route derives its own from it and its
 * name, so adding a route changes no other's inputs), and a failure prints the route, the seed and
 * fast-check's path to replay it.
 *
 * Volume: by default about 100 inputs per route (fewer for the routes that hash a password), so that
 * the suite stays fast; FUZZ_RUNS=n sends n inputs to every route, for the long check of thousands per
 * route (`FUZZ_RUNS=1000 npx vitest run src/server/fuzz.test.ts`).
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARIZONA,
  type Client,
  exampleBundle,
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  TEST_SECRETS,
  type TestApi,
  testProtocol,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import {
  arbitraryOf,
  type Hints,
  type JsonSchema,
  type Mutation,
  mutateBody,
  mutations,
  nastyUrlText,
} from '../../test/support/fuzz.ts';
import { apiRoutesOf } from '../../test/support/routes.ts';
import { type Db, ELIGIBILITY_MEANING } from '../store/index.ts';
import { buildServer } from './app.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_330);
/** Inputs per route for every route (FUZZ_RUNS), or undefined: the defaults below. */
const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
if (RUNS !== undefined && !(Number.isInteger(RUNS) && RUNS > 0))
  throw new Error(`FUZZ_RUNS: expected a whole number of inputs per route; got ${process.env.FUZZ_RUNS}`);

/** Inputs per route; routes that hash a password (argon2, slow by design) or re-screen get fewer. */
const DEFAULT_RUNS = 100;
const ROUTE_RUNS: Record<string, number> = {
  'POST /api/auth/login': 60,
  'POST /api/auth/logout': 10,
  'POST /api/auth/password': 40,
  'POST /api/users': 50,
  'POST /api/users/:id/password-reset': 30,
  'POST /api/subjects/:id/signatures': 40,
  'POST /api/analysis': 60,
};

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required?: boolean;
  schema: JsonSchema;
}
interface Route {
  /** `METHOD /path/:param`, as the authorization matrix names routes. */
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  parameters: Parameter[];
  body: JsonSchema | undefined;
}

/** Every /api route of the OpenAPI document (built without a database: it documents, it serves nothing). */
async function apiRoutes(): Promise<Route[]> {
  const unused = new Proxy({} as Db, {
    get: () => {
      throw new Error('the route list needs no database');
    },
  });
  const app = await buildServer({
    db: unused,
    clock: { now: () => new Date() },
    protocol: testProtocol(),
    identity: TEST_IDENTITY_KEYS,
    secrets: TEST_SECRETS,
    timeZone: 'America/Chicago',
    secureCookies: false,
  });
  await app.ready();
  // The schemas are JSON Schema as the document holds them: the generators below read them as such.
  const routes = apiRoutesOf(app) as unknown as Route[];
  await app.close();
  return routes;
}

const routes = await apiRoutes();

/** A seed of its own per route: FNV-1a of the name, mixed with the suite's seed. */
function routeSeed(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) hash = Math.imul(hash ^ (char.codePointAt(0) as number), 0x01000193);
  return (hash ^ SEED) | 0;
}

/** Who sends a route's inputs: a role the route serves (anonymous callers are mixed in anyway). */
type CallerName = 'anon' | 'admin' | 'stat' | 'co' | 'inv' | 'totp' | 'self';
const CALLERS: [RegExp, CallerName][] = [
  [/^POST \/api\/auth\/login$/, 'anon'],
  [/^POST \/api\/auth\/totp\//, 'totp'],
  [/^POST \/api\/auth\/(password|logout)$/, 'self'],
  [/ \/api\/(users|sites\/|audit\/)/, 'admin'],
  [/ \/api\/(randomization\/(lists|rehearsal)|analysis)/, 'stat'],
  [/\/signatures$/, 'inv'],
  [/./, 'co'],
];
const callerOf = (route: Route) =>
  (CALLERS.find(([pattern]) => pattern.test(route.name)) as [RegExp, CallerName])[1];

interface Input {
  anonymous: boolean;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  mutation: Mutation;
  address: string;
}

describe.each(backends())('fuzzing every route on $name', (backend) => {
  let api: TestApi;
  const clients = new Map<CallerName, Client>();
  const ids: Record<string, string> = {};
  let hints: Hints;

  beforeAll(async () => {
    api = await startApi(backend);
    clients.set('anon', api.anonymous);
    clients.set('admin', api.admin);
    clients.set('stat', await api.user('fuzz-stat', [{ role: 'statistician', siteId: null }]));
    clients.set('co', await api.user('fuzz-co', [{ role: 'coordinator', siteId: ROCHESTER }]));
    clients.set('inv', await api.user('fuzz-inv', [{ role: 'investigator', siteId: ROCHESTER }]));
    clients.set('totp', await api.user('fuzz-totp', [{ role: 'statistician', siteId: null }]));
    clients.set('self', await api.user('fuzz-self', [{ role: 'monitor', siteId: ROCHESTER }]));
    await api.user('fuzz-locked', [{ role: 'monitor', siteId: ARIZONA }]); // sign-in attempts may lock it
    const co = clients.get('co') as Client;
    const subject = async (initials: string, birthDate: string, sex: string) =>
      (await co.post('/api/subjects', { siteId: ROCHESTER, initials, birthDate, sex })).body.id as string;
    ids.eligible = await subject('AL', '1958-09-03', 'male');
    ids.fresh = await subject('ZZ', '1970-01-01', 'female');
    const uploaded = await co.post(`/api/subjects/${ids.eligible}/documents`, {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: exampleBundle('eligible'),
    });
    ids.document = uploaded.body.documentId;
    const screenedHash: string = (await co.get(`/api/subjects/${ids.eligible}/screening`)).body.episode
      .resultSha256;
    ids.list = (
      await (clients.get('stat') as Client).post('/api/randomization/lists', { rehearsal: true })
    ).body.id;
    ids.user = (
      await api.admin.post('/api/users', {
        username: 'fuzz-target',
        displayName: 'Fuzz target',
        password: 'temporary password',
        roles: [{ role: 'monitor', siteId: ARIZONA }],
      })
    ).body.id;
    const protocol = testProtocol();
    const linkIds = [
      ...protocol.questionnaire.items.map((i) => i.linkId),
      ...protocol.criteria.map((c) => c.id),
    ];
    const labIds = protocol.terminologySource.labs.map((l) => l.id);
    const bundles = [
      'eligible',
      'ineligible-low-platelets',
      'incomplete-awaiting-labs-and-confirmations',
    ].map(exampleBundle);
    hints = {
      siteId: fc.constantFrom(ROCHESTER, ARIZONA, null),
      version: fc.integer({ min: 1, max: 4 }),
      linkId: fc.constantFrom(...linkIds),
      labId: fc.constantFrom(...labIds),
      unit: fc.constantFrom('10*9/L', '10*3/uL', 'g/dL', 'mg/dL', 'U/L', '%', 'mmol/L'),
      initials: fc.constantFrom('AL', 'ZZ'),
      birthDate: fc.constantFrom('1958-09-03', '1970-01-01'),
      content: fc.oneof(
        fc.constantFrom(...bundles),
        fc
          .constantFrom(...bundles)
          .map((b) =>
            (b as { entry: { resource: unknown }[] }).entry.map((e) => JSON.stringify(e.resource)).join('\n'),
          ),
      ),
      factors: fc.record({ 'planned-mki': fc.constantFrom('cabozantinib', 'lenvatinib', 'sorafenib') }),
      config: fc.constantFrom(protocol.randomization, {
        ...(protocol.randomization as object),
        blockSizes: [2, 4, 6],
      }),
      subjects: fc.oneof(
        fc.record({ count: fc.integer({ min: 0, max: 300 }) }),
        fc.array(fc.record({ 'planned-mki': fc.constantFrom('cabozantinib', 'lenvatinib') }), {
          maxLength: 20,
        }),
      ),
      username: fc.constantFrom('fuzz-locked', 'no-such-user', 'admin'),
      // The investigator's own password too: a signature then gets past the password into the store.
      password: fc.constantFrom(
        'a long enough password',
        'temporary password',
        '12345678901234567890',
        'own-fuzz-inv-password',
      ),
      seed: fc.stringMatching(/^[0-9a-f]{64}$/),
      meaning: fc.constant(ELIGIBILITY_MEANING),
      resultSha256: fc.constantFrom(screenedHash, 'f'.repeat(64)),
      mediaType: fc.constant('application/fhir+json'),
      roles: fc.constantFrom(
        [{ role: 'coordinator', siteId: ROCHESTER }],
        [{ role: 'statistician', siteId: null }],
        [
          { role: 'monitor', siteId: ARIZONA },
          { role: 'monitor', siteId: ARIZONA },
        ],
      ),
      tu: fc.constant(await exampleCsv('tu')),
      tr: fc.constant(await exampleCsv('tr')),
      rs: fc.constant(await exampleCsv('rs')),
      adsl: fc.constant(await exampleCsv('adsl')),
    };
  }, 120_000);
  afterAll(() => api?.close());

  /** Path parameters worth trying: the records made above. */
  const paramHint = (route: Route, name: string): fc.Arbitrary<string> | undefined => {
    if (name === 'id' && route.path.startsWith('/api/users/')) return fc.constant(ids.user as string);
    if (name === 'id') return fc.constantFrom(ids.eligible as string, ids.fresh as string);
    if (name === 'documentId') return fc.constant(ids.document as string);
    if (name === 'listId') return fc.constant(ids.list as string);
    if (name === 'siteId') return fc.constantFrom(ROCHESTER, ARIZONA);
    return undefined;
  };

  const inputsOf = (route: Route): fc.Arbitrary<Input> => {
    const part = (where: 'path' | 'query') =>
      fc.record(
        Object.fromEntries(
          route.parameters
            .filter((p) => p.in === where)
            .map((p) => {
              const hint = where === 'path' ? paramHint(route, p.name) : undefined;
              const generated = arbitraryOf(p.schema).map((v) => encodeURIComponent(String(v)));
              const options = [
                ...(hint ? [{ arbitrary: hint, weight: 6 }] : []),
                { arbitrary: generated, weight: 3 },
                { arbitrary: nastyUrlText, weight: 2 },
              ];
              return [p.name, fc.oneof(...options)];
            }),
        ),
        {
          requiredKeys: route.parameters
            .filter((p) => p.in === where && (p.required || where === 'path'))
            .map((p) => p.name),
        },
      ) as fc.Arbitrary<Record<string, string>>;
    return fc.record({
      anonymous: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      params: part('path'),
      query: part('query'),
      body: route.body ? arbitraryOf(route.body, hints) : fc.constant(undefined),
      mutation: mutations,
      address: fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([a, b, c]) => `10.${a}.${b}.${c}`),
    });
  };

  /**
   * Signs a caller in again when its session has ended — five wrong passwords re-entered (signatures,
   * password change) lock the account and end its sessions, and every later input would be a 401 —
   * after the admin has unlocked it, so that the route stays exercised past its authorization.
   */
  const revive = async (callerName: CallerName) => {
    const client = clients.get(callerName) as Client;
    if ((await client.get('/api/auth/session')).body !== null) return;
    const users: { id: string; username: string; version: number }[] = (await api.admin.get('/api/users'))
      .body;
    const user = users.find((u) => u.username === client.username);
    if (!user) return;
    await api.admin.patch(`/api/users/${user.id}`, {
      version: user.version,
      unlock: true,
      reason: 'fuzzing',
    });
    const again = await api.login(client.username, client.password);
    clients.set(callerName, { ...again, password: client.password });
  };

  /** Sends one input as the route's caller; returns what came back and what was sent (for a failure). */
  const send = async (route: Route, input: Input) => {
    const callerName = input.anonymous ? 'anon' : callerOf(route);
    let client = clients.get(callerName) as Client;
    if (callerName === 'self' && route.name === 'POST /api/auth/logout') {
      client = await api.login('fuzz-self', (clients.get('self') as Client).password); // a session to end
    }
    const path = route.path.replace(/:(\w+)/g, (_, name: string) => input.params[name] ?? '');
    const query = Object.entries(input.query)
      .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
      .join('&');
    const url = query ? `${path}?${query}` : path;
    const payload =
      route.body === undefined && input.mutation.kind === 'none'
        ? undefined
        : mutateBody(input.body ?? {}, input.mutation);
    const headers: Record<string, string> = payload ? { 'content-type': payload.contentType } : {};
    const [response, health] = await Promise.all([
      route.name === 'POST /api/auth/login'
        ? injectFrom(api.app, route.method, url, payload?.text, headers, input.address)
        : client.request(route.method, url, payload?.text, headers),
      api.anonymous.get('/healthz'),
    ]);
    if (response.status === 401 && (callerName === 'inv' || callerName === 'self')) await revive(callerName);
    return { response, health, sent: { caller: callerName, url, payload: payload?.text.slice(0, 600) } };
  };

  for (const route of routes) {
    const runs = RUNS ?? ROUTE_RUNS[route.name] ?? DEFAULT_RUNS;
    it(
      `${route.name}: no 5xx in ${runs} inputs, /healthz answers throughout`,
      async () => {
        const seed = routeSeed(route.name);
        const statuses = new Map<number, number>();
        const details = await fc.check(
          fc.asyncProperty(inputsOf(route), async (input) => {
            const { response, health, sent } = await send(route, input);
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            if (process.env.FUZZ_STATS === '2' && response.status === 400)
              console.log(
                '400',
                route.name,
                input.mutation.kind,
                String(response.body?.error?.message).slice(0, 200),
              );
            if (response.status >= 500 || health.status !== 200)
              throw new Error(
                `${route.name} answered ${response.status} (/healthz ${health.status}) to ${JSON.stringify(sent)}: ${JSON.stringify(response.body).slice(0, 600)}`,
              );
          }),
          { seed, numRuns: runs, endOnFailure: true },
        );
        // FUZZ_STATS=1: how far the inputs got (a route answering only 400 and 401 is barely exercised).
        if (process.env.FUZZ_STATS)
          console.log(
            route.name,
            JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b))),
          );
        if (details.failed)
          expect.fail(
            `${route.name} failed; replay with FUZZ_SEED=${SEED} (route seed ${details.seed}, path "${details.counterexamplePath}"):\n${String(details.errorInstance)}`,
          );
      },
      180_000 + runs * 1_000,
    );
  }

  it('the server still answers /healthz and the audit chain verifies after all of it', async () => {
    expect((await api.anonymous.get('/healthz')).status).toBe(200);
    expect((await api.admin.get('/api/audit/verify')).body.ok).toBe(true);
  });
});

async function exampleCsv(name: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(new URL(`../../examples/cdisc/${name}.csv`, import.meta.url), 'utf8');
}

/** A sign-in from a client address of its own, so that the throttle of one address is not the only answer. */
async function injectFrom(
  app: FastifyInstance,
  method: Route['method'],
  url: string,
  payload: string | undefined,
  headers: Record<string, string>,
  remoteAddress: string,
) {
  const response = await app.inject({
    method,
    url,
    headers,
    remoteAddress,
    ...(payload === undefined ? {} : { payload }),
  });
  let body: unknown = response.body;
  try {
    body = response.json();
  } catch {
    // not JSON
  }
  return { status: response.statusCode, body };
}
