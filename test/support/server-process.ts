/**
 * The real server as a child process (`node --import tsx src/server/main.ts`), as `npm start` runs it:
 * for the checks that need what one process cannot show — a SIGKILL in the middle of writes
 * (scripts/check-crash.ts) and two processes on one database (test/multi-process.test.ts).
 *
 * Every server started here gets explicit keys (nothing is written to ./secrets), PORT=0 (the port is
 * read from its "listening" line) and LOG_LEVEL=warn; whatever is still running when this process
 * exits is killed. Also here, because both users need it: a fresh database on a PostgreSQL server, and
 * eligible, signed subjects made over HTTP as a coordinator and an investigator make them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { Http, HttpClient } from '../../bench/server/http-load.ts';
import { ELIGIBILITY_MEANING } from '../../src/contracts/index.ts';
import { shiftDates } from '../../src/fhir/index.ts';
import { addDays } from '../../src/fhir/values.ts';
import { dateIn } from '../../src/server/context.ts';
import { ELIGIBLE_IDENTITY, eligibleBundleOf } from './eligible-subject.ts';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const ROCHESTER = 'mayo-clinic-in-rochester';
/** The stratification factors eligible.json answers (planned-mki = lenvatinib): one stratum. */
export const FACTORS = { 'planned-mki': 'lenvatinib' } as const;
const TIME_ZONE = 'America/Chicago';

/** The three keys a server keeps outside its database, fresh (base64 of 32 random bytes each). */
export function serverKeys(): Record<string, string> {
  const key = () => randomBytes(32).toString('base64');
  return { TRIALKIT_IDENTITY_KEY: key(), TRIALKIT_SECRETS_KEY: key(), TRIALKIT_AUDIT_KEY: key() };
}

/** The parent's environment without anything that would choose the child's store, keys, port or logging. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!/^(TRIALKIT_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_OPTIONS$)/.test(name)) env[name] = value;
  return env;
}

export interface ServerProcess {
  origin: URL;
  pid: number;
  /** Milliseconds from spawn to the "listening" line. */
  startupMs: number;
  /** What it wrote to stdout and stderr so far (for failure messages). */
  output(): string;
  /** SIGKILL; resolves when it is gone. */
  kill(): Promise<void>;
  /** SIGTERM (the server closes its store), SIGKILL after `graceMs`; resolves with its exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

const running = new Set<ChildProcess>();
const killAll = () => {
  for (const child of running) child.kill('SIGKILL');
};
process.once('exit', killAll);
// Interrupted, this process ends as it would have, leaving no server behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', (code) => resolve(code)));

/**
 * Starts the server with `env` on top of PORT=0, HOST=127.0.0.1, LOG_LEVEL=warn (give the store —
 * DATABASE_URL or TRIALKIT_DATA_DIR — and the keys); resolves once it listens.
 */
export async function startServerProcess(
  env: Record<string, string>,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO,
    env: { ...baseEnv(), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const tail = () => output.slice(-3000);
  const origin = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server not listening after ${timeoutMs} ms:\n${tail()}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const listening = / on (http:\/\/127\.0\.0\.1:\d+) /.exec(output);
      if (listening) {
        clearTimeout(timer);
        resolve(new URL(listening[1] as string));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? `code ${code}`}) before listening:\n${tail()}`));
    });
  });
  const startupMs = performance.now() - started;
  return {
    origin,
    pid: child.pid as number,
    startupMs,
    output: () => output,
    kill: async () => {
      child.kill('SIGKILL');
      await exited(child);
    },
    stop: async (graceMs = 15_000) => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited(child);
      clearTimeout(timer);
      return code;
    },
  };
}

/** Whether a PostgreSQL server answers at `url` (within a few seconds). */
export async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A new, empty database `<prefix>_<random>` on the server of `url`; `drop()` removes it (connections and all). */
export async function freshDatabase(
  url: string,
  prefix: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const made = new URL(url);
  made.pathname = `/${name}`;
  return { url: made.href, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * Days from 2026-03-30 (the day examples/patients/eligible.json is dated for) to today in the trial's
 * time zone: a real server screens as of today, so the example is moved by this many days (src/fhir/shift-dates.ts).
 */
export function daysSinceExampleDay(now = new Date()): number {
  return Math.round((Date.parse(dateIn(now, TIME_ZONE)) - Date.parse('2026-03-30')) / 86_400_000);
}

/** A subject's identity of its own: eligible.json's person, born `n` days after it (at most ten years). */
export const identityOf = (n: number) => ({
  siteId: ROCHESTER,
  ...ELIGIBLE_IDENTITY,
  birthDate: addDays(ELIGIBLE_IDENTITY.birthDate, n % 3650),
});

export interface MadeSubject {
  id: string;
  studyId: string;
  version: number;
}

/** Creates a subject (identity number `n`) as the coordinator. */
export async function createSubjectOverHttp(
  http: Http,
  coordinator: HttpClient,
  n: number,
): Promise<MadeSubject> {
  const { body } = await http.json<MadeSubject>('POST', '/api/subjects', coordinator, identityOf(n), 201);
  return { id: body.id, studyId: body.studyId, version: body.version };
}

/** eligible.json as subject `n`'s record (its own MRN and birth date), dated for today. */
export function eligibleBundleFor(subjectId: string, n: number, shiftDays: number): unknown {
  return shiftDates(eligibleBundleOf(`MRN-${subjectId}`, identityOf(n).birthDate), shiftDays);
}

/**
 * A randomizable subject, made over HTTP: created and eligible.json uploaded by the coordinator,
 * the eligible result signed by the investigator (who gives their password again).
 */
export async function eligibleSignedSubjectOverHttp(
  http: Http,
  coordinator: HttpClient,
  investigator: { client: HttpClient; password: string },
  n: number,
  shiftDays: number,
): Promise<MadeSubject> {
  const subject = await createSubjectOverHttp(http, coordinator, n);
  const { body: uploaded } = await http.json<{ episode: { overall: string; resultSha256: string } }>(
    'POST',
    `/api/subjects/${subject.id}/documents`,
    coordinator,
    {
      fileName: 'eligible.json',
      mediaType: 'application/fhir+json',
      content: eligibleBundleFor(subject.id, n, shiftDays),
    },
    201,
  );
  if (uploaded.episode.overall !== 'eligible')
    throw new Error(`eligible.json moved by ${shiftDays} days screened ${uploaded.episode.overall}`);
  await http.json(
    'POST',
    `/api/subjects/${subject.id}/signatures`,
    investigator.client,
    {
      password: investigator.password,
      resultSha256: uploaded.episode.resultSha256,
      meaning: ELIGIBILITY_MEANING,
    },
    201,
  );
  return subject;
}

/** Runs `make(i)` for i in 0…count-1, `parallel` at a time; the results in order. */
export async function inParallel<T>(
  count: number,
  parallel: number,
  make: (i: number) => Promise<T>,
  progress: (done: number) => void = () => undefined,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  let done = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      results[i] = await make(i);
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return results;
}

/** Runs `trialkit <args>` (src/cli/main.ts) as a child process with `env` (the store and keys, as the server had). */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env: { ...baseEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      running.delete(child);
      resolve({ code, output });
    }),
  );
}
