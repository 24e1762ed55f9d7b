/**
 * The reference of bench:server: pgbench against the same PostgreSQL server, with the same number of
 * clients, each transaction one single-row UPDATE of a 100,000-row table (a random row, so clients
 * rarely wait on each other's locks). It is what the server does per second for the cheapest durable
 * write transaction: a randomization (one locked subject, one stratum cursor, the audit chain's head)
 * is measured against it. A second run updates one hot row only, for context (see PgbenchWorkload).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/store/index.ts';

export const PGBENCH_ROWS = 100_000;

/** pgbench's version line, or null when it is not on the PATH. */
export function pgbenchVersion(): string | null {
  const probe = spawnSync('pgbench', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : null;
}

export interface PgbenchResult {
  tps: number;
  command: string;
  latencyMs: number | null;
  transactions: number | null;
}

export interface PgbenchOptions {
  url: string;
  /** The bench's own schema: the table goes there and is dropped with it. */
  schema: string;
  clients: number;
  threads: number;
  seconds: number;
}

/**
 * The two workloads, one transaction each: `random` updates a random row (the reference of the
 * ratio); `hot` updates row 1 in every transaction, so each waits for the previous one to commit —
 * the ceiling of any design in which every transaction takes the same row lock, as all randomizations
 * of one stratum take its cursor's (and every write takes the audit head's).
 */
export type PgbenchWorkload = 'random' | 'hot';

/** Creates the table (through the bench's `db`, whose search_path is `schema`) and runs pgbench. */
export async function runPgbench(
  db: Db,
  options: PgbenchOptions,
  workloads: readonly PgbenchWorkload[],
): Promise<Record<PgbenchWorkload, PgbenchResult | undefined>> {
  const table = `${options.schema}.tk_bench_counter`;
  await db.exec(
    `CREATE TABLE ${table} (id integer PRIMARY KEY, v bigint NOT NULL DEFAULT 0);
     INSERT INTO ${table} (id) SELECT generate_series(1, ${PGBENCH_ROWS});`,
  );
  await db.query(`VACUUM ANALYZE ${table}`);
  const dir = mkdtempSync(join(tmpdir(), 'tk-bench-pgbench-'));
  const results: Record<PgbenchWorkload, PgbenchResult | undefined> = { random: undefined, hot: undefined };
  try {
    for (const workload of workloads) {
      const name = workload === 'random' ? 'one-row-update.sql' : 'hot-row-update.sql';
      const script = join(dir, name);
      writeFileSync(
        script,
        [
          `\\set id ${workload === 'random' ? `random(1, ${PGBENCH_ROWS})` : '1'}`,
          'BEGIN;',
          `UPDATE ${table} SET v = v + 1 WHERE id = :id;`,
          'END;',
          '',
        ].join('\n'),
      );
      results[workload] = await pgbench(script, name, options);
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.exec(`DROP TABLE IF EXISTS ${table}`);
  }
}

async function pgbench(script: string, name: string, options: PgbenchOptions): Promise<PgbenchResult> {
  // -n: no vacuum of pgbench's own tables (there are none); the URL is libpq's dbname, a connection string.
  const args = [
    '-n',
    '-f',
    script,
    '-c',
    String(options.clients),
    '-j',
    String(options.threads),
    '-T',
    String(options.seconds),
    options.url,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`pgbench exited ${code}:\n${text}`)),
    );
  });
  // PostgreSQL 14+: "tps = … (without initial connection time)"; older: "(excluding connections establishing)".
  const tps =
    /tps = ([\d.]+) \((?:without initial connection time|excluding connections establishing)\)/.exec(
      output,
    ) ?? /tps = ([\d.]+)/.exec(output);
  if (!tps) throw new Error(`pgbench printed no "tps = …" line:\n${output}`);
  const latency = /latency average = ([\d.]+) ms/.exec(output);
  const processed = /number of transactions actually processed: (\d+)/.exec(output);
  return {
    tps: Number(tps[1]),
    command: `pgbench ${args.slice(0, -1).join(' ').replace(script, name)} <DATABASE_URL>`,
    latencyMs: latency ? Number(latency[1]) : null,
    transactions: processed ? Number(processed[1]) : null,
  };
}
