/**
 * A real server for API tests: the Fastify app on a fresh database (PGlite, or the PostgreSQL server of
 * TEST_DATABASE_URL), driven through `app.inject` with signed-in clients that carry the session cookie
 * and the CSRF header as a browser would.
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sourcePatients } from '../../src/fhir/index.ts';
import { loadProtocol, type Protocol } from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import {
  AuditKey,
  type Db,
  IdentityKeys,
  type RoleAssignment,
  SecretBox,
  withAuditKey,
} from '../../src/store/index.ts';
import type { Backend } from './database.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const ROCHESTER = 'mayo-clinic-in-rochester';
export const ARIZONA = 'mayo-clinic-in-arizona';

let protocolCache: Protocol | undefined;
export const testProtocol = (): Protocol => {
  protocolCache ??= loadProtocol();
  return protocolCache;
};

/** The identity key of test servers (a real server's key never enters the database; tests need a fixed one). */
export const TEST_IDENTITY_KEYS = new IdentityKeys(Buffer.alloc(32, 0x5a));
/** The secrets key of test servers (TOTP seeds at rest), fixed likewise. */
export const TEST_SECRETS = new SecretBox(Buffer.alloc(32, 0x3c));
/** The audit key of test servers, attached as main.ts attaches it: every event MACed, verification checks the MACs. */
export const TEST_AUDIT_KEY = new AuditKey(Buffer.alloc(32, 0x7e));

export const exampleBundle = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../examples/patients/${name}.json`, import.meta.url), 'utf8'));

/** The identity of an example patient as a subject records it (initials, birth date, sex of its Patient). */
export function exampleIdentity(name: string): { initials: string; birthDate: string; sex: string } {
  const bundle = exampleBundle(name) as { entry: { resource: unknown }[] };
  const [patient] = sourcePatients(bundle.entry.map((e) => e.resource));
  if (!patient?.birthDate || !patient.sex || !patient.initials[0])
    throw new Error(`example ${name}: its Patient has no full identity`);
  return { initials: patient.initials[0], birthDate: patient.birthDate, sex: patient.sex };
}

export interface Response {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body, read by assertions that fail loudly on any wrong shape
  body: any;
}

export interface Client {
  username: string;
  password: string;
  request(
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  get(url: string): Promise<Response>;
  post(url: string, payload?: unknown): Promise<Response>;
  patch(url: string, payload?: unknown): Promise<Response>;
  del(url: string, payload?: unknown): Promise<Response>;
}

export interface TestApi {
  app: FastifyInstance;
  db: Db;
  clock: { now(): Date; set(iso: string): void };
  anonymous: Client;
  login(username: string, password: string): Promise<Client>;
  admin: Client;
  /** Creates a user as admin, signs in and replaces the temporary password; returns their client. */
  user(username: string, roles: RoleAssignment[]): Promise<Client>;
  close(): Promise<void>;
}

function clientFor(
  app: FastifyInstance,
  username: string,
  password: string,
  cookie: string | null,
  csrf: string | null,
): Client {
  const request: Client['request'] = async (method, url, payload, headers = {}) => {
    const response = await app.inject({
      method,
      url,
      headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
    let body: unknown = response.body;
    try {
      body = response.json();
    } catch {
      // not JSON (Swagger UI's HTML)
    }
    return { status: response.statusCode, body };
  };
  return {
    username,
    password,
    request,
    get: (url) => request('GET', url),
    post: (url, payload) => request('POST', url, payload ?? {}),
    patch: (url, payload) => request('PATCH', url, payload ?? {}),
    del: (url, payload) => request('DELETE', url, payload ?? {}),
  };
}

/** A server on a fresh database, running the trial's protocol or `protocol` (e.g. a changed copy's). */
export async function startApi(
  backend: Backend,
  start = '2026-03-30T14:00:00Z',
  protocol: Protocol = testProtocol(),
): Promise<TestApi> {
  const db = withAuditKey(await backend.openMigrated(), TEST_AUDIT_KEY);
  let now = new Date(start);
  const clock = { now: () => new Date(now), set: (iso: string) => (now = new Date(iso)) };
  await bootstrap(db, protocol, clock.now(), ADMIN_PASSWORD, TEST_IDENTITY_KEYS, TEST_SECRETS);
  const app = await buildServer({
    db,
    clock,
    protocol,
    identity: TEST_IDENTITY_KEYS,
    secrets: TEST_SECRETS,
    timeZone: 'America/Chicago',
    secureCookies: false,
  });
  const login = async (username: string, password: string): Promise<Client> => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`login ${username}: ${response.statusCode} ${response.body}`);
    const cookie = response.cookies[0] as { name: string; value: string };
    return clientFor(app, username, password, `${cookie.name}=${cookie.value}`, response.json().csrfToken);
  };
  const admin = await login('admin', ADMIN_PASSWORD);
  const user = async (username: string, roles: RoleAssignment[]): Promise<Client> => {
    const temporary = `temporary-${username}-password`;
    const created = await admin.post('/api/users', {
      username,
      displayName: `Test ${username}`,
      password: temporary,
      roles,
    });
    if (created.status !== 201) throw new Error(`create ${username}: ${JSON.stringify(created.body)}`);
    const first = await login(username, temporary);
    const password = `own-${username}-password`;
    const changed = await first.post('/api/auth/password', {
      currentPassword: temporary,
      newPassword: password,
    });
    if (changed.status !== 200) throw new Error(`password ${username}: ${JSON.stringify(changed.body)}`);
    return { ...first, password };
  };
  return {
    app,
    db,
    clock,
    anonymous: clientFor(app, '', '', null, null),
    login,
    admin,
    user,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
