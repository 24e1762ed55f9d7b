/**
 * bench:server's trial: a fresh store (a schema of its own on a PostgreSQL server, or PGlite in
 * memory), the real server listening on an ephemeral port, accounts made as an admin makes them
 * (over HTTP, temporary password replaced at first sign-in), the statistician's allocation list, and
 * N eligible, signed subjects. The subjects are prepared through the store functions the routes call
 * (as src/server/randomization-concurrency.test.ts does): screening each FHIR bundle is not what is
 * measured, and it would take minutes over HTTP.
 */

import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { loadProtocol, type Protocol } from '../../src/protocol/index.ts';
import { buildServer } from '../../src/server/app.ts';
import { bootstrap } from '../../src/server/bootstrap.ts';
import {
  type Db,
  openDatabase,
  type Principal,
  principalOf,
  type RoleAssignment,
} from '../../src/store/index.ts';
import { TEST_IDENTITY_KEYS, TEST_SECRETS } from '../../test/support/api.ts';
import { eligibleSignedSubject } from '../../test/support/eligible-subject.ts';
import { Http, type HttpClient } from './http-load.ts';
import type { StatementTimer } from './statement-timer.ts';

export const SITE = 'mayo-clinic-in-rochester';
export const FACTORS = { 'planned-mki': 'lenvatinib' } as const;
/** eligible.json is eligible as of 2026-03-30 (America/Chicago), the bench's fixed "now". */
const NOW = new Date('2026-03-30T14:00:00Z');
const TIME_ZONE = 'America/Chicago';
const ADMIN_PASSWORD = 'bench-admin-password';

export interface Trial {
  db: Db;
  /** The bench schema on a server; null on PGlite. */
  schema: string | null;
  app: FastifyInstance;
  origin: URL;
  http: Http;
  protocol: Protocol;
  clock: { now(): Date };
  close(): Promise<void>;
}

export async function startTrial(options: {
  url: string | undefined;
  clients: number;
  timer: StatementTimer | null;
}): Promise<Trial> {
  const schema = options.url ? `tk_bench_${randomBytes(6).toString('hex')}` : null;
  // The pool is larger than the client count so a request never waits for a connection on the client's behalf.
  const db = options.url
    ? await openDatabase({ url: options.url, schema: schema as string, maxConnections: options.clients + 8 })
    : await openDatabase();
  const clock = { now: () => new Date(NOW) };
  const protocol = loadProtocol();
  let app: FastifyInstance | undefined;
  let http: Http | undefined;
  const close = async () => {
    http?.close();
    await app?.close();
    if (schema) await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.close();
  };
  try {
    await bootstrap(db, protocol, clock.now(), ADMIN_PASSWORD, TEST_IDENTITY_KEYS);
    app = await buildServer({
      db: options.timer ? options.timer.wrap(db) : db,
      clock,
      protocol,
      identity: TEST_IDENTITY_KEYS,
      secrets: TEST_SECRETS,
      timeZone: TIME_ZONE,
      secureCookies: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const origin = new URL(`http://127.0.0.1:${port}`);
    http = new Http(origin, options.clients);
    return { db, schema, app, origin, http, protocol, clock, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

interface LoginAnswer {
  csrfToken: string;
  mustChangePassword: boolean;
}

export async function signIn(http: Http, username: string, password: string): Promise<HttpClient> {
  const { body, response } = await http.json<LoginAnswer>(
    'POST',
    '/api/auth/login',
    null,
    { username, password },
    200,
  );
  const setCookie = response.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0];
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return { cookie, csrf: body.csrfToken };
}

/** An account as the admin makes it; its owner signs in and replaces the temporary password. */
export async function createAccount(
  http: Http,
  admin: HttpClient,
  username: string,
  roles: RoleAssignment[],
): Promise<{ password: string; client: HttpClient }> {
  const temporary = `temporary-${username}-password`;
  await http.json(
    'POST',
    '/api/users',
    admin,
    { username, displayName: `Bench ${username}`, password: temporary, roles },
    201,
  );
  const first = await signIn(http, username, temporary);
  const password = `own-${username}-password`;
  await http.json(
    'POST',
    '/api/auth/password',
    first,
    { currentPassword: temporary, newPassword: password },
    200,
  );
  return { password, client: first };
}

export interface Staff {
  /** One session per load client, all the coordinator's (each browser tab of a busy site). */
  coordinatorSessions: HttpClient[];
  coordinator: Principal;
  investigator: Principal;
  listId: string;
}

/** Accounts, sessions and an allocation list long enough for every subject in one stratum. */
export async function prepareStaff(trial: Trial, clients: number, subjects: number): Promise<Staff> {
  const { http, db } = trial;
  const admin = await signIn(http, 'admin', ADMIN_PASSWORD);
  const coordinator = await createAccount(http, admin, 'bench-coordinator', [
    { role: 'coordinator', siteId: SITE },
  ]);
  await createAccount(http, admin, 'bench-investigator', [{ role: 'investigator', siteId: SITE }]);
  const statistician = await createAccount(http, admin, 'bench-statistician', [
    { role: 'statistician', siteId: null },
  ]);
  // The default list holds 122 per stratum (the whole trial); every bench subject goes to one stratum.
  const config = { ...(trial.protocol.randomization as object), listLengthPerStratum: subjects + 10 };
  const { body: list } = await http.json<{ id: string }>(
    'POST',
    '/api/randomization/lists',
    statistician.client,
    { config },
    201,
  );
  const coordinatorSessions = [coordinator.client];
  while (coordinatorSessions.length < clients)
    coordinatorSessions.push(await signIn(http, 'bench-coordinator', coordinator.password));
  const users = await db.query<{ id: string; username: string }>('SELECT id, username FROM app_user');
  const principal = async (username: string) => {
    const id = users.rows.find((u) => u.username === username)?.id;
    const found = id ? await principalOf(db, id) : null;
    if (!found) throw new Error(`user ${username} not found`);
    return found;
  };
  return {
    coordinatorSessions,
    coordinator: await principal('bench-coordinator'),
    investigator: await principal('bench-investigator'),
    listId: list.id,
  };
}

/** N subjects, each with the eligible bundle screened and the result signed; their IDs. */
export async function prepareSubjects(
  trial: Trial,
  staff: Staff,
  count: number,
  parallel: number,
  progress: (done: number) => void,
): Promise<string[]> {
  const { db, protocol, clock } = trial;
  const ids: string[] = new Array(count);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      ids[i] = await eligibleSignedSubject(db, protocol, staff, clock.now(), SITE);
      if (++done % 250 === 0) progress(done);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return ids;
}
