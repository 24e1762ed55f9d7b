/**
 * Databases for store and server tests: PGlite in memory always, and the PostgreSQL server of
 * TEST_DATABASE_URL when set (CI sets it), each test file in its own fresh schema there.
 */
import { randomBytes } from 'node:crypto';
import { type Db, dumpPglite, migrate, openDatabase } from '../../src/store/index.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
  /** A fresh store with every migration applied (PGlite: a copy of a migrated template, 6× quicker). */
  openMigrated(): Promise<Db>;
}

let template: Promise<Blob> | undefined;
/** The dump of a migrated PGlite store, made once per test worker. */
function migratedTemplate(): Promise<Blob> {
  template ??= (async () => {
    const db = await openDatabase();
    try {
      await migrate(db);
      return await dumpPglite(db);
    } finally {
      await db.close();
    }
  })();
  return template;
}

export function backends(): Backend[] {
  const url = process.env.TEST_DATABASE_URL;
  const list: Backend[] = [
    {
      name: 'pglite',
      open: () => openDatabase(),
      openMigrated: async () => openDatabase({ loadDataDir: await migratedTemplate() }),
    },
  ];
  if (url) {
    const open = async (): Promise<Db> => {
      const schema = `tk_test_${randomBytes(6).toString('hex')}`;
      const db = await openDatabase({ url, schema, maxConnections: 20 });
      const close = db.close.bind(db);
      return {
        ...db,
        close: async () => {
          await db.exec(`DROP SCHEMA ${schema} CASCADE`);
          await close();
        },
      };
    };
    list.push({
      name: 'postgres',
      open,
      openMigrated: async () => {
        const db = await open();
        await migrate(db);
        return db;
      },
    });
  }
  return list;
}

/** Runs one statement on the server of `url` in a connection of its own (CREATE/DROP DATABASE, roles). */
export async function onServer(url: string, sql: string): Promise<void> {
  const db = await openDatabase({ url, maxConnections: 1 });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}

/** `url` with another database name, or another role (no password: the test server trusts local roles). */
export function serverUrl(url: string, change: { database?: string; role?: string }): string {
  const made = new URL(url);
  if (change.database) made.pathname = `/${change.database}`;
  if (change.role) {
    made.username = change.role;
    made.password = '';
  }
  return made.href;
}

/**
 * A new, empty database `<prefix>_<random>` on the server of `url` (owned by the role of `url`), for tests
 * that need a whole database (roles' grants, pg_dump); `drop()` removes it, connections and all.
 */
export async function freshServerDatabase(
  url: string,
  prefix: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(url, `CREATE DATABASE ${name}`);
  return {
    name,
    url: serverUrl(url, { database: name }),
    drop: () => onServer(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A new login role `<prefix>_<random>`, neither superuser nor owner of anything; `drop()` removes it. */
export async function freshServerRole(
  url: string,
  prefix: string,
): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await onServer(url, `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE`);
  return { name, drop: () => onServer(url, `DROP ROLE IF EXISTS ${name}`) };
}
