/**
 * Applies the numbered `.sql` files of ./migrations in order, each once, each in its own transaction,
 * recording them in `schema_migration`. A file already applied whose text changed is an error: a
 * migration, once shipped, is never edited (write a new one).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export interface Migration {
  name: string;
  sql: string;
  sha256: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8');
      return { name, sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
}

/** Returns the names of the migrations applied now. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  // Two server processes starting together: the advisory lock lets one migrate while the other waits.
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(5168163)');
    const done = new Map(
      (
        await tx.query<{ name: string; sha256: string }>('SELECT name, sha256 FROM schema_migration')
      ).rows.map((r) => [r.name, r.sha256]),
    );
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous === m.sha256) continue;
      if (previous)
        throw new Error(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migration (name, sha256) VALUES ($1, $2)', [m.name, m.sha256]);
      applied.push(m.name);
    }
    return applied;
  });
}

/**
 * Splits a migration into statements so it runs inside the transaction through the extended protocol
 * on both backends: on `;` at the end of a line, outside `$$` bodies. Migrations are written to that rule.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line) && current.length === 0) continue;
    current.push(line);
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.join('\n').trim());
      current = [];
    }
  }
  const rest = current.join('\n').trim();
  if (rest) statements.push(rest);
  return statements;
}

/** The names of the migrations this database has applied (readiness probes compare them). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  return (await db.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name);
}
