/** The PostgreSQL server backend outlives the server ending its idle connections (a restart, an admin). */
import { describe, expect, it } from 'vitest';
import { freshServerDatabase, onServer } from '../../test/support/database.ts';
import { openDatabase } from './index.ts';

const url = process.env.TEST_DATABASE_URL;

describe.skipIf(!url)('the server backend (skipped: TEST_DATABASE_URL unset)', () => {
  it('keeps serving after the server terminates its idle connections', async () => {
    const database = await freshServerDatabase(url as string, 'tk_terminate');
    const db = await openDatabase({ url: database.url, maxConnections: 2 });
    try {
      await Promise.all([db.query('SELECT 1'), db.query('SELECT 2')]);
      // Every connection to this database but the one that asks: the pool's two idle ones.
      await onServer(
        url as string,
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`,
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect((await db.query<{ n: number }>('SELECT 41 + 1 AS n')).rows[0]?.n).toBe(42);
    } finally {
      await db.close();
      await database.drop();
    }
  });
});
