import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../test/support/database.ts';
import { SYSTEM_ACTOR } from './audit.ts';
import type { Db } from './database.ts';
import { migrate } from './migrate.ts';
import { createUser } from './users.ts';

describe.each(backends())('createUser on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.open();
    await migrate(db);
  });
  afterAll(() => db.close());
  const at = new Date('2026-03-30T15:00:00Z');
  const user = (username: string) => ({
    username,
    displayName: 'X',
    password: 'a long enough password',
    roles: [],
  });

  it('refuses a username outside the rule with a field error, not a database error', async () => {
    for (const bad of ['C', 'x', 'Upper', 'with space', '-dash-first', 'a'.repeat(64)])
      await expect(db.transaction((tx) => createUser(tx, SYSTEM_ACTOR, at, user(bad)))).rejects.toMatchObject(
        {
          kind: 'invalid',
          detail: { fields: [{ path: 'username' }] },
        },
      );
  });

  it('accepts the shortest and longest names the rule allows', async () => {
    for (const good of ['ab', 'a'.repeat(63), 'first.last_2-x'])
      await expect(
        db.transaction((tx) => createUser(tx, SYSTEM_ACTOR, at, user(good))),
      ).resolves.toMatchObject({ username: good });
  });
});
