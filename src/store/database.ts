/**
 * One small interface over the two PostgreSQL backends trialkit runs on: PGlite (embedded, the
 * default; data in a folder or in memory) and a PostgreSQL server through `pg` (`DATABASE_URL`).
 * The rest of the store only sees `Db` / `Sql`, so the same SQL and the same tests run on both.
 *
 * Both return the same JavaScript values: int8 as number (our counters never pass 2^53), `date` as
 * the ISO string `YYYY-MM-DD` (a Date would shift with the server's time zone), timestamps as ISO
 * strings in UTC, json/jsonb parsed.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { AuditKey } from './audit-key.ts';

export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Something that runs one parameterized statement: the database, or a transaction. */
export interface Sql {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * The key that MACs audit events written through this connection and checks them on verification
   * (src/store/audit-key.ts; absent: events are hash-chained only). Given by `withAuditKey`.
   */
  readonly auditKey?: AuditKey;
}

export interface Db extends Sql {
  /** Which backend: shown by /readyz and in logs. */
  readonly kind: 'pglite' | 'postgres';
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Runs `work` in one transaction (READ COMMITTED): committed when it resolves, rolled back when it
   * throws. A serialization failure or deadlock (40001, 40P01) is retried a few times.
   */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const OID = { int8: 20, date: 1082, timestamp: 1114, timestamptz: 1184 } as const;
const toIsoTimestamp = (value: string): string =>
  new Date(value.includes('+') || value.endsWith('Z') ? value : `${value}Z`).toISOString();
const PARSERS: Record<number, (value: string) => unknown> = {
  [OID.int8]: (value) => Number(value),
  [OID.date]: (value) => value,
  [OID.timestamp]: toIsoTimestamp,
  [OID.timestamptz]: toIsoTimestamp,
};

const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

async function withRetry<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (n >= MAX_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}

/**
 * The same database, whose writes MAC their audit events with `key` and whose verification checks the
 * MACs: the key travels with the connection and with every transaction opened on it, so the store's
 * functions need no extra parameter (docs/decisions/0011).
 */
export function withAuditKey(db: Db, key: AuditKey): Db {
  return {
    ...db,
    auditKey: key,
    transaction: (work) => db.transaction((tx) => work({ query: tx.query, auditKey: key })),
  };
}

export interface OpenOptions {
  /** A PostgreSQL server (`postgres://…`); when absent, PGlite. */
  url?: string;
  /** PGlite data folder; absent = in memory (tests). */
  dataDir?: string;
  /** Server only: run in this schema (created if missing) — how tests isolate themselves. */
  schema?: string;
  /** Server only: pool size. */
  maxConnections?: number;
  /** PGlite only: start from this dump of a data folder (`dumpPglite`), e.g. a migrated template. */
  loadDataDir?: Blob;
}

/** PGlite only: the data folder of `db` as a tarball (`OpenOptions.loadDataDir` starts a copy of it). */
export async function dumpPglite(db: Db): Promise<Blob> {
  const dump = (db as Db & { dumpDataDir?: () => Promise<Blob> }).dumpDataDir;
  if (!dump) throw new Error(`dumpPglite: a ${db.kind} store has no PGlite data folder`);
  return dump();
}

export async function openDatabase(options: OpenOptions = {}): Promise<Db> {
  return options.url ? openServer(options.url, options) : openPglite(options.dataDir, options.loadDataDir);
}

async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Db> {
  const db = await PGlite.create(dataDir ?? 'memory://', {
    parsers: PARSERS,
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  const run = async <Row>(sql: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) => {
    const result = await sql.query<Row>(text, params as unknown[] | undefined);
    // PGlite counts only written rows in affectedRows; a statement returning rows counts those, as pg does.
    return {
      rows: result.rows,
      rowCount: result.fields.length > 0 ? result.rows.length : (result.affectedRows ?? 0),
    };
  };
  return {
    kind: 'pglite',
    query: (text, params) => run(db, text, params),
    exec: async (text) => {
      await db.exec(text);
    },
    transaction: (work) =>
      withRetry(() => db.transaction((tx) => work({ query: (text, params) => run(tx, text, params) }))),
    close: () => db.close(),
    dumpDataDir: () => db.dumpDataDir('none'),
  } as Db;
}

async function openServer(url: string, options: OpenOptions): Promise<Db> {
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text'),
  };
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema))
    throw new Error(`schema "${schema}": expected a lower-case SQL identifier`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server ends (a restart, pg_terminate_backend, DROP DATABASE … FORCE) is an
  // 'error' event on the pool: unheard, it would end the process. The pool drops that client and opens
  // another at the next query; queries in flight still fail on their own.
  pool.on('error', () => undefined);
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const run = async <Row>(client: pg.Pool | pg.PoolClient, text: string, params?: readonly unknown[]) => {
    const result = await client.query(text, params as unknown[] | undefined);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? result.rows.length };
  };
  return {
    kind: 'postgres',
    query: (text, params) => run(pool, text, params),
    exec: async (text) => {
      await pool.query(text);
    },
    transaction: (work) =>
      withRetry(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await work({ query: (text, params) => run(client, text, params) });
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      }),
    close: () => pool.end(),
  };
}
