/**
 * bench:server — randomizations per second through the real server, against what the same PostgreSQL
 * server does with the cheapest durable write transaction (pgbench, one-row UPDATE), same run.
 *
 * Starts the trial operations server on an ephemeral port over a fresh store (a schema of its own on
 * the server of DATABASE_URL, dropped at the end; PGlite in memory otherwise), prepares N eligible,
 * signed subjects, then drives it over HTTP with 32 keep-alive clients, each its own session of the
 * site coordinator: (1) every subject randomized once, all in one stratum (the hardest case: one
 * cursor row serializes them), (2) GET /api/subjects/:id over the same subjects for a fixed time.
 * Afterwards it checks the allocations in the database (no subject twice, no list entry twice, arms
 * and commit order as in the list, audit chain intact), and, when pgbench is installed and a server
 * is used, runs pgbench -c 32 on the same server: one hot row (the reference — one stratum's
 * randomizations follow one list, one at a time, as these updates queue on one row; issue 14) and a
 * random row (shown beside it: what the server does when nothing serializes).
 * Target: randomizations/s ≥ 50 % of pgbench's one-hot-row TPS, p99 < 100 ms, 0 duplicates.
 * The last line is exactly `randomize/pgbench ratio: <number> duplicates: <count>` (n/a without pgbench).
 *
 *   npm run bench:server                                   # PGlite, 500 subjects
 *   DATABASE_URL=postgres://… npm run bench:server -- --subjects 2000
 *
 * Diagnostics (they slow the measured phase a little): --breakdown times every SQL statement of the
 * randomizations and how long the hot row locks are held; --cpu-prof writes a V8 profile of each
 * phase to bench/.data/ and prints where the process's CPU time went.
 */
import { parseArgs } from 'node:util';
import { type AllocationCheck, checkAllocations, duplicates, type Receipt } from './checks.ts';
import { profiled } from './cpu-profile.ts';
import { type Phase, type PhaseResult, quantile, runPhase } from './http-load.ts';
import { type PgbenchResult, pgbenchVersion, runPgbench } from './pgbench.ts';
import { FACTORS, prepareStaff, prepareSubjects, startTrial } from './setup.ts';
import { StatementTimer } from './statement-timer.ts';

const TARGET = { ratio: 0.5, p99Ms: 100 };

const url = process.env.DATABASE_URL || undefined;
const { values } = parseArgs({
  options: {
    subjects: { type: 'string', default: process.env.BENCH_SUBJECTS ?? (url ? '2000' : '500') },
    clients: { type: 'string', default: '32' },
    'read-seconds': { type: 'string', default: '10' },
    'pgbench-seconds': { type: 'string', default: '10' },
    warmup: { type: 'string', default: '64' },
    breakdown: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});
const subjects = Number(values.subjects);
const clients = Number(values.clients);
const readSeconds = Number(values['read-seconds']);
const pgbenchSeconds = Number(values['pgbench-seconds']);
const warmup = Number(values.warmup);
if (
  !Number.isInteger(subjects) ||
  subjects < 1 ||
  !Number.isInteger(clients) ||
  clients < 1 ||
  !(readSeconds > 0) ||
  !Number.isInteger(pgbenchSeconds) ||
  pgbenchSeconds < 1 ||
  !Number.isInteger(warmup) ||
  warmup < 0
)
  throw new Error(
    '--subjects and --clients must be integers ≥ 1, --read-seconds > 0, --pgbench-seconds an integer ≥ 1, --warmup ≥ 0',
  );

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const phaseLine = (name: string, unit: string, r: PhaseResult) =>
  `${name.padEnd(10)} ${String(r.requests).padStart(6)} requests in ${r.seconds.toFixed(2)} s: ${(
    (r.requests - r.errors) / r.seconds
  ).toFixed(1)} ${unit}/s, latency p50 ${ms(quantile(r.latencies, 0.5))}, p99 ${ms(
    quantile(r.latencies, 0.99),
  )}, max ${ms(quantile(r.latencies, 1))}, errors ${r.errors}; node process CPU ${(100 * r.cores).toFixed(
    0,
  )} % of a core, event loop delay p50 ${ms(r.eventLoopDelayMs.p50)} p99 ${ms(r.eventLoopDelayMs.p99)}`;

const timer = values.breakdown ? new StatementTimer() : null;
const profiles: string[] = [];
/** A phase, profiled when --cpu-prof is given (the summaries print after the figures). */
async function measure(name: string, phase: Phase): Promise<PhaseResult> {
  if (!values['cpu-prof']) return runPhase(phase);
  const { result, lines } = await profiled(name, () => runPhase(phase));
  profiles.push(...lines);
  return result;
}
let started = performance.now();
const trial = await startTrial({ url, clients, timer });
const lines: string[] = [];
let last = '';
try {
  const version = (await trial.db.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '';
  console.log(
    `store: ${
      trial.schema
        ? `PostgreSQL server (DATABASE_URL), schema ${trial.schema}, pool ${clients + 8}`
        : 'PGlite in memory (set DATABASE_URL for a PostgreSQL server)'
    } — ${version.split(' on ')[0]}`,
  );
  console.log(
    `server: ${trial.origin.href} (Fastify, node ${process.version}), ${clients} HTTP clients with keep-alive`,
  );
  const staff = await prepareStaff(trial, clients, subjects + warmup);
  started = performance.now();
  const tty = process.stdout.isTTY;
  const ids = await prepareSubjects(trial, staff, subjects + warmup, trial.schema ? 8 : 1, (done) => {
    if (tty) process.stdout.write(`\rpreparing subjects: ${done}/${subjects + warmup}`);
  });
  if (tty) process.stdout.write('\r');
  console.log(
    `prepared ${subjects + warmup} eligible, signed subjects in ${seconds(started)} s (store functions: create, upload eligible.json, sign; ${warmup} of them for warm-up)`,
  );

  const receipts: Receipt[] = [];
  const randomizeOne = async (id: string, client: (typeof staff.coordinatorSessions)[number]) => {
    const answer = await trial.http.send('POST', `/api/subjects/${id}/randomization`, client, {
      factors: FACTORS,
    });
    if (answer.status !== 201) return `${answer.status} ${answer.body.slice(0, 300)}`;
    const receipt = JSON.parse(answer.body) as Receipt & { existing: boolean };
    receipts.push(receipt);
    return receipt.existing ? 'an existing allocation returned for a subject randomized once' : null;
  };
  if (warmup > 0)
    await runPhase({
      clients: staff.coordinatorSessions,
      total: warmup,
      send: (i, client) => randomizeOne(ids[subjects + i] as string, client),
    });
  if (timer) timer.active = true;
  const randomized = await measure('randomize', {
    clients: staff.coordinatorSessions,
    total: subjects,
    send: (i, client) => randomizeOne(ids[i] as string, client),
  });
  if (timer) timer.active = false;
  console.log(phaseLine('randomize', 'randomizations', randomized));
  for (const f of randomized.failures) console.log(`  failed: ${f}`);

  const reads = await measure('read', {
    clients: staff.coordinatorSessions,
    durationMs: readSeconds * 1000,
    send: async (i, client) => {
      const answer = await trial.http.send('GET', `/api/subjects/${ids[i % subjects]}`, client);
      if (answer.status !== 200) return `${answer.status} ${answer.body.slice(0, 300)}`;
      return answer.body.includes('"status":"randomized"') ? null : 'subject not shown as randomized';
    },
  });
  console.log(phaseLine('read', 'reads', reads));
  for (const f of reads.failures) console.log(`  failed: ${f}`);
  if (timer) for (const line of timer.report(randomized.requests)) console.log(line);
  for (const line of profiles) console.log(line);

  const check: AllocationCheck = await checkAllocations(trial.db, receipts);
  console.log(
    `allocations in the database: ${check.allocations} (${subjects} measured + ${warmup} warm-up); ` +
      `${check.subjectDuplicates} subjects allocated twice, ${check.entryDuplicates} list entries used twice, ` +
      `${check.receiptDuplicates} receipts naming an entry twice`,
  );
  console.log(
    `list order: ${check.armMismatches} arms differ from the list, ${check.gappedStrata} strata with gaps, ` +
      `${check.outOfOrder} allocations committed out of list order; audit chain ${
        check.audit.ok ? 'intact' : `BROKEN (${check.audit.problem})`
      }, ${check.audit.events} events`,
  );

  const rate = (randomized.requests - randomized.errors) / randomized.seconds;
  let pgbench: PgbenchResult | null = null;
  const pgbenchAt = pgbenchVersion();
  if (!trial.schema || !url) lines.push('pgbench: not run — the bench ran on PGlite (set DATABASE_URL)');
  else if (!pgbenchAt)
    lines.push('pgbench: not run — pgbench is not on the PATH (apt install postgresql-client)');
  else {
    try {
      const runs = await runPgbench(
        trial.db,
        { url, schema: trial.schema, clients, threads: 2, seconds: pgbenchSeconds },
        ['random', 'hot'],
      );
      pgbench = runs.hot ?? null;
      const show = (what: string, r: PgbenchResult) =>
        console.log(
          `pgbench ${what}: ${r.tps.toFixed(1)} TPS, latency average ${r.latencyMs ?? '?'} ms, ${r.transactions ?? '?'} transactions (${r.command})`,
        );
      console.log(`pgbench: ${pgbenchAt}`);
      if (runs.hot) show('one hot row (the reference)', runs.hot);
      if (runs.random) {
        show('random row (beside it)', runs.random);
        console.log(
          `  randomizations/s ÷ random-row TPS: ${(rate / runs.random.tps).toFixed(3)} — what no serial list would cap`,
        );
      }
    } catch (error) {
      lines.push(`pgbench: failed — ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`);
    }
  }
  const p99 = quantile(randomized.latencies, 0.99);
  const ratio = pgbench ? rate / pgbench.tps : null;
  const dup = duplicates(check);
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(
    `target: randomizations/s ≥ ${TARGET.ratio * 100} % of pgbench one-hot-row TPS (${
      ratio === null ? 'n/a' : `${(ratio * 100).toFixed(1)} %: ${verdict(ratio >= TARGET.ratio)}`
    }), p99 < ${TARGET.p99Ms} ms (${ms(p99)}: ${verdict(p99 < TARGET.p99Ms)}), 0 duplicates (${dup}: ${verdict(dup === 0)})`,
  );
  if (randomized.errors + reads.errors > 0 || check.armMismatches + check.gappedStrata + check.outOfOrder > 0)
    console.log(
      'WARNING: failed requests or allocations off the list: the figures above are not a clean measurement',
    );
  last = `randomize/pgbench ratio: ${ratio === null ? 'n/a' : ratio.toFixed(3)} duplicates: ${dup}`;
} finally {
  await trial.close();
}
console.log(`cleaned up: ${trial.schema ? `schema ${trial.schema} dropped, ` : ''}server and store closed`);
for (const line of lines) console.log(line);
console.log(last);
