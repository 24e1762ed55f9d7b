/**
 * `trialkit db migrate`: applies pending migrations. On a PostgreSQL server deployed with two roles
 * (docs/decisions/0011), as the owner (TRIALKIT_OWNER_DATABASE_URL), and grants the application's role
 * (DATABASE_URL) what the server needs and no more: it may append audit events, never change or remove
 * them, and it does not own the audit table, so it cannot disable its triggers.
 */
import { type Db, migrateStore, openDatabase, storeOptionsFromEnv } from '../../store/index.ts';
import type { Io } from '../screen-command.ts';
import { UsageError } from '../usage-error.ts';

const roleOf = async (db: Db) =>
  (await db.query<{ role: string }>('SELECT current_user AS role')).rows[0]?.role as string;

export async function runDbMigrate(io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const options = storeOptionsFromEnv(env);
  const ownerUrl = env.TRIALKIT_OWNER_DATABASE_URL;
  if (ownerUrl && !options.url)
    throw new UsageError(
      "TRIALKIT_OWNER_DATABASE_URL is for a PostgreSQL server: set DATABASE_URL to the application role's connection too (PGlite has one user, and nothing to grant)",
    );
  const db = await openDatabase(options);
  try {
    io.stderr.write(
      `migrating ${options.description}${ownerUrl ? ' as the owner (TRIALKIT_OWNER_DATABASE_URL)' : ''}…\n`,
    );
    const applied = await migrateStore(db, env);
    io.stdout.write(
      applied.length
        ? `migrations applied: ${applied.join(', ')}\n`
        : 'no migrations pending: the schema is up to date\n',
    );
    if (!options.url) return 0;
    const role = await roleOf(db);
    if (!ownerUrl) {
      const { rows } = await db.query<{ owns: boolean }>(
        `SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
             OR pg_has_role(current_user, tableowner, 'MEMBER') AS owns
           FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'audit_event'`,
      );
      if (rows[0]?.owns)
        io.stderr.write(
          `the application's role "${role}" (DATABASE_URL) owns the audit table or is a superuser, so it could disable the table's triggers: for a deployment, give the application a role of its own and migrate with TRIALKIT_OWNER_DATABASE_URL, the owner's connection (docs/decisions/0011)\n`,
        );
      return 0;
    }
    const owner = await openDatabase({ url: ownerUrl, maxConnections: 1 });
    const ownerRole = await roleOf(owner).finally(() => owner.close());
    if (ownerRole === role)
      io.stderr.write(
        `DATABASE_URL and TRIALKIT_OWNER_DATABASE_URL are the same role "${role}": nothing granted; the application owns the audit table\n`,
      );
    else
      io.stdout.write(
        `application role "${role}" granted: read and write the trial's tables, append to the audit trail (never change or remove an event); owner "${ownerRole}"\n`,
      );
    return 0;
  } finally {
    await db.close();
  }
}
