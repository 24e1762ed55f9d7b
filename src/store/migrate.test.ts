/**
 * Migrating from several processes at once (issue 14: servers started together on one database). Each
 * connection here stands for a process; on the PostgreSQL server, a fresh database per attempt.
 */
import { describe, expect, it } from 'vitest';
import { freshServerDatabase } from '../../test/support/database.ts';
import { listMigrations, migrate, openDatabase } from './index.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('migrate, several processes at once (skipped: TEST_DATABASE_URL unset)', () => {
  it('lets exactly one apply each migration on a new database; the others wait and find nothing to do', async () => {
    // A few rounds: the collision in the catalog was a race, not a certainty.
    for (let round = 0; round < 3; round++) {
      const database = await freshServerDatabase(url as string, 'tk_migrate');
      const dbs = await Promise.all(
        Array.from({ length: 4 }, () => openDatabase({ url: database.url, maxConnections: 2 })),
      );
      try {
        const applied = await Promise.all(dbs.map((db) => migrate(db)));
        const all = listMigrations().map((m) => m.name);
        expect(applied.flat().sort()).toEqual([...all].sort());
        expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
      } finally {
        await Promise.all(dbs.map((db) => db.close()));
        await database.drop();
      }
    }
  }, 60_000);
});
