/**
 * Applies the numbered `.sql` files of ./migrations in order, each once, each in its own transaction,
 * recording them in `schema_migration`. A file already applied whose text changed is an error: a
 * migration, once shipped, is never edited (write a new one).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';

/** The advisory lock every migrating process takes: one migrates, the others wait and find nothing to do. */
const MIGRATION_LOCK = 5168163;
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
  // Asked first: the application's role may not create tables (not even IF NOT EXISTS, which checks the
  // right to create before looking), and it has nothing to create once the owner has migrated.
  const made = (await db.query<{ t: string | null }>("SELECT to_regclass('schema_migration')::text AS t"))
    .rows[0];
  // Created under the lock too: two processes running CREATE TABLE IF NOT EXISTS at once collide in
  // the catalog (duplicate key in pg_type_typname_nsp_index) rather than one of them skipping.
  if (!made?.t)
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.query(
        'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
      );
    });
  // Two server processes starting together: the advisory lock lets one migrate while the other waits.
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
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
      try {
        for (const statement of splitStatements(m.sql)) await tx.query(statement);
      } catch (error) {
        if ((error as { code?: string }).code === '42501')
          throw new Error(
            `migration ${m.name} is pending and this database role may not apply it (${(error as Error).message}): run \`trialkit db migrate\` with TRIALKIT_OWNER_DATABASE_URL, the owner's connection (docs/decisions/0011)`,
          );
        throw error;
      }
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

/**
 * Gives the application's database role what the server needs and no more (docs/decisions/0011): to
 * read and write the trial's tables, but of the audit trail only to append events, read them and move
 * the head — never to change or remove an event. Run as the owner after every migration (new tables need
 * their grants). The role must not own the tables nor be a member of their owner, and must not be a
 * superuser: such a role could disable the audit table's triggers, and is refused.
 */
export async function grantApplicationRole(owner: Db, role: string): Promise<void> {
  const { rows } = await owner.query<{
    name: string;
    schema: string;
    exists: boolean;
    superuser: boolean | null;
    owns: boolean | null;
  }>(
    `SELECT quote_ident($1) AS name, quote_ident(current_schema()) AS schema,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists,
            (SELECT rolsuper FROM pg_roles WHERE rolname = $1) AS superuser,
            (SELECT pg_has_role($1, tableowner, 'MEMBER') FROM pg_tables
              WHERE schemaname = current_schema() AND tablename = 'audit_event') AS owns`,
    [role],
  );
  const found = rows[0];
  if (!found?.exists) throw new Error(`database role "${role}" does not exist`);
  if (found.superuser || found.owns)
    throw new Error(
      `database role "${role}" ${found.superuser ? 'is a superuser' : "owns the audit table (or is a member of its owner's role)"}: it could disable the audit trail's triggers; the application needs a role of its own`,
    );
  const { name, schema } = found;
  await owner.transaction(async (tx) => {
    for (const statement of [
      `GRANT USAGE ON SCHEMA ${schema} TO ${name}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${name}`,
      `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${name}`,
      `REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migration FROM ${name}`,
      `REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_event FROM ${name}`,
      `REVOKE INSERT, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_head FROM ${name}`,
    ])
      await tx.query(statement);
  });
}

/** The names of the migrations this database has applied (readiness probes compare them). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  return (await db.query<{ name: string }>('SELECT name FROM schema_migration')).rows.map((r) => r.name);
}
