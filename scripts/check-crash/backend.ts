/**
 * check:crash on one store: the server started as a child process with fresh keys, the trial set up
 * over HTTP (the admin makes a coordinator, an investigator and a statistician; the statistician the
 * allocation list), then for each kill a round of subjects made, the mixed load with a SIGKILL in it,
 * the restart on the same data, and the checks of scripts/check-crash/verify.ts over every round so
 * far. At the end the server is stopped, `trialkit audit verify` runs on the store with the same
 * environment, and the allocations are checked in the database itself (bench/server/checks.ts).
 */
import { type AllocationCheck, checkAllocations, duplicates } from '../../bench/server/checks.ts';
import { Http, type HttpClient } from '../../bench/server/http-load.ts';
import { createAccount, signIn } from '../../bench/server/setup.ts';
import { loadProtocol } from '../../src/protocol/index.ts';
import type { Db, RoleAssignment } from '../../src/store/index.ts';
import {
  daysSinceExampleDay,
  ROCHESTER,
  runCli,
  type ServerProcess,
  serverKeys,
  startServerProcess,
} from '../../test/support/server-process.ts';
import {
  KINDS,
  type Kind,
  loadAndKill,
  type Outcome,
  prepareRound,
  type RoundSize,
  type Staff,
} from './load.ts';
import type { Rng } from './rng.ts';
import { checkAfterRestart, type Sessions } from './verify.ts';

const ADMIN_PASSWORD = 'crash-check-admin-password';
const ACCOUNTS: [string, RoleAssignment[]][] = [
  ['crash-coordinator', [{ role: 'coordinator', siteId: ROCHESTER }]],
  ['crash-investigator', [{ role: 'investigator', siteId: ROCHESTER }]],
  ['crash-statistician', [{ role: 'statistician', siteId: null }]],
];
/** Sessions of the coordinator that the load's clients take turns over. */
const COORDINATOR_SESSIONS = 4;

export interface Store {
  name: string;
  /** DATABASE_URL or TRIALKIT_DATA_DIR, for the server and the CLI. */
  env: Record<string, string>;
  open(): Promise<Db>;
  cleanup(): Promise<void>;
}

export interface KillFigures {
  acknowledged: Record<Kind, number>;
  /** Sent and never answered: whether they committed, only the store can say. */
  inFlight: number;
  /** … of which found committed after the restart. */
  recovered: number;
  notSent: number;
  killedAtSeconds: number;
  restartSeconds: number;
  audit: string;
}

export interface BackendReport {
  name: string;
  firstStartSeconds: number;
  kills: KillFigures[];
  cli: string;
  database: AllocationCheck | null;
  violations: string[];
}

export interface Plan {
  kills: number;
  size: RoundSize;
  clients: number;
  rng: Rng;
  log(line: string): void;
  progress(line: string): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One life of the server process, with fresh sessions of everyone the check acts as. */
interface Life {
  server: ServerProcess;
  http: Http;
  sessions: Sessions;
  staff: Staff;
}

async function lifeOf(server: ServerProcess, passwords: Map<string, string>, clients: number): Promise<Life> {
  const http = new Http(server.origin, clients);
  const as = (name: string) => signIn(http, name, passwords.get(name) as string);
  const coordinators: HttpClient[] = [];
  for (let i = 0; i < COORDINATOR_SESSIONS; i++) coordinators.push(await as('crash-coordinator'));
  return {
    server,
    http,
    sessions: {
      http,
      admin: await as('admin'),
      statistician: await as('crash-statistician'),
      coordinator: coordinators[0] as HttpClient,
    },
    staff: {
      coordinators,
      investigator: {
        client: await as('crash-investigator'),
        password: passwords.get('crash-investigator') as string,
      },
    },
  };
}

/** On the first start: the accounts (temporary passwords replaced, as their owners would) and the list. */
async function setUp(server: ServerProcess, plan: Plan) {
  const http = new Http(server.origin, 1);
  const passwords = new Map([['admin', ADMIN_PASSWORD]]);
  try {
    const admin = await signIn(http, 'admin', ADMIN_PASSWORD);
    for (const [name, roles] of ACCOUNTS)
      passwords.set(name, (await createAccount(http, admin, name, roles)).password);
    // Long enough for every round's subjects in the one stratum eligible.json belongs to.
    const config = {
      ...(loadProtocol().randomization as object),
      listLengthPerStratum: plan.kills * plan.size.randomize + 10,
    };
    const statistician = await signIn(
      http,
      'crash-statistician',
      passwords.get('crash-statistician') as string,
    );
    const { body: list } = await http.json<{ id: string }>(
      'POST',
      '/api/randomization/lists',
      statistician,
      { config },
      201,
    );
    return { passwords, listId: list.id };
  } finally {
    http.close();
  }
}

export async function runBackend(store: Store, plan: Plan): Promise<BackendReport> {
  const env = { ...serverKeys(), TRIALKIT_ADMIN_PASSWORD: ADMIN_PASSWORD, ...store.env };
  const tag = `[${store.name}]`;
  const violations: string[] = [];
  const kills: KillFigures[] = [];
  const outcomes: Outcome[] = [];
  let server: ServerProcess | null = null;
  let life: Life | null = null;
  try {
    server = await startServerProcess(env);
    const firstStartSeconds = server.startupMs / 1000;
    plan.log(
      `${tag} server started in ${seconds(server.startupMs)} (pid ${server.pid}, ${server.origin.href})`,
    );
    const trial = await setUp(server, plan);
    life = await lifeOf(server, trial.passwords, plan.clients);
    const shiftDays = daysSinceExampleDay();
    const identities = { next: 0 };

    for (let round = 1; round <= plan.kills; round++) {
      const at = `${tag} kill ${round}/${plan.kills}:`;
      const started = performance.now();
      const writes = await prepareRound(
        life.http,
        life.staff,
        round,
        plan.size,
        plan.rng,
        identities,
        shiftDays,
        (done, total) => plan.progress(`${at} preparing subjects ${done}/${total}`),
      );
      plan.log(
        `${at} prepared ${plan.size.randomize} eligible, signed subjects and ${writes.length - plan.size.randomize} others in ${seconds(performance.now() - started)}`,
      );
      const killAfter = plan.rng.between(Math.ceil(writes.length * 0.2), Math.floor(writes.length * 0.8));
      const jitterMs = plan.rng.between(0, 20);
      const crash = await loadAndKill(life.http, life.server, life.staff, writes, {
        clients: plan.clients,
        killAfter,
        jitterMs,
        shiftDays,
      });
      life.http.close();
      life = null;
      server = null;
      outcomes.push(...crash.outcomes);
      const count = (state: Outcome['state'], kind?: Kind) =>
        crash.outcomes.filter((o) => o.state === state && (!kind || o.write.kind === kind)).length;
      for (const o of crash.outcomes)
        if (o.state === 'refused')
          violations.push(`${o.write.kind} of ${o.write.subject.studyId}: ${o.answer}`);
      plan.log(
        `${at} ${writes.length} writes by ${plan.clients} clients, SIGKILL ${jitterMs} ms after acknowledgement ${killAfter}, ` +
          `at ${crash.killedAtSeconds.toFixed(2)} s: ${count('acknowledged')} acknowledged, ${crash.inFlightAtKill} in flight ` +
          `(${count('in-flight')} never answered), ${count('not-sent')} not sent, ${count('refused')} refused`,
      );

      server = await startServerProcess(env);
      life = await lifeOf(server, trial.passwords, plan.clients);
      plan.progress(`${at} checking ${outcomes.length} writes…`);
      const check = await checkAfterRestart(life.sessions, trial.listId, outcomes);
      violations.push(...check.violations.map((v) => `after kill ${round}: ${v}`));
      plan.log(
        `${at} restarted in ${seconds(life.server.startupMs)}; ${check.violations.length ? `${check.violations.length} VIOLATIONS` : 'every acknowledged write present once'}, ` +
          `${check.recovered} of ${count('in-flight')} in flight committed, ${check.allocated} list entries used in order, audit ${check.audit.detail}`,
      );
      kills.push({
        acknowledged: Object.fromEntries(KINDS.map((k) => [k, count('acknowledged', k)])) as Record<
          Kind,
          number
        >,
        inFlight: count('in-flight'),
        recovered: check.recovered,
        notSent: count('not-sent'),
        killedAtSeconds: crash.killedAtSeconds,
        restartSeconds: life.server.startupMs / 1000,
        audit: check.audit.ok ? 'ok' : 'BROKEN',
      });
    }

    life.http.close();
    const exit = await life.server.stop();
    life = null;
    server = null;
    if (exit !== 0) violations.push(`the server stopped with exit code ${exit} after SIGTERM`);
    const cli = await runCli(['audit', 'verify'], env);
    if (cli.code !== 0) violations.push(`trialkit audit verify exited ${cli.code}: ${cli.output.trim()}`);
    plan.log(`${tag} trialkit audit verify: exit ${cli.code} — ${cli.output.trim().split('\n').at(-1)}`);
    const database = await checkDatabase(store, outcomes, violations);
    plan.log(
      `${tag} in the database: ${database.allocations} allocations; ${database.subjectDuplicates + database.entryDuplicates} duplicates, ` +
        `${database.gappedStrata} strata with gaps, ${database.armMismatches} arms off the list, ${database.outOfOrder} committed out of list order`,
    );
    return { name: store.name, firstStartSeconds, kills, cli: `exit ${cli.code}`, database, violations };
  } finally {
    life?.http.close();
    await server?.kill();
    await store.cleanup();
  }
}

/** The allocations as the database holds them, against every receipt known (acknowledged or recovered). */
async function checkDatabase(store: Store, outcomes: readonly Outcome[], violations: string[]) {
  const receipts = outcomes.flatMap((o) => (o.receipt ? [o.receipt] : []));
  const db = await store.open();
  let database: AllocationCheck;
  try {
    database = await checkAllocations(db, receipts);
  } finally {
    await db.close();
  }
  if (duplicates(database) + database.armMismatches + database.gappedStrata + database.outOfOrder > 0)
    violations.push(
      `in the database: ${database.subjectDuplicates} subjects allocated twice, ${database.entryDuplicates} entries used twice, ` +
        `${database.receiptDuplicates} receipts naming an entry twice, ${database.armMismatches} arms off the list, ` +
        `${database.gappedStrata} strata with gaps, ${database.outOfOrder} committed out of list order`,
    );
  return database;
}
