import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../../../test/support/database.ts';
import { SYSTEM_ACTOR } from '../audit.ts';
import type { Db } from '../database.ts';
import { lockAfterFailures } from './sign-in.ts';
import { createUser } from './users.ts';

describe.each(backends())('createUser on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.openMigrated();
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

describe('the lock after failed sign-ins, counted over failure times', () => {
  const minute = 60_000;
  it('locks for 15 minutes at the fifth failure in a row, and counts from 1 again after it ran out', () => {
    const at = (minutes: number[]) => minutes.map((m) => m * minute);
    expect(lockAfterFailures(at([0, 1, 2, 3]))).toBeNull();
    expect(lockAfterFailures(at([0, 1, 2, 3, 4]))).toBe(19 * minute);
    // One failure after the lock ended does not lock again; five more do.
    expect(lockAfterFailures(at([0, 1, 2, 3, 4, 20]))).toBeNull();
    expect(lockAfterFailures(at([0, 1, 2, 3, 4, 20, 21, 22, 23, 24]))).toBe(39 * minute);
  });
});
