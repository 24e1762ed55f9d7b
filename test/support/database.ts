/**
 * Databases for store and server tests: PGlite in memory always, and the PostgreSQL server of
 * TEST_DATABASE_URL when set (CI sets it), each test file in its own fresh schema there.
 */
import { randomBytes } from 'node:crypto';
import { type Db, openDatabase } from '../../src/store/index.ts';

export interface Backend {
  name: 'pglite' | 'postgres';
  open(): Promise<Db>;
}

export function backends(): Backend[] {
  const url = process.env.TEST_DATABASE_URL;
  const list: Backend[] = [{ name: 'pglite', open: () => openDatabase() }];
  if (url) {
    list.push({
      name: 'postgres',
      open: async () => {
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
      },
    });
  }
  return list;
}
