/**
 * The one audited export of an allocation list (`exportList`, used by the API and the CLI): the
 * statistician's only, the entries and the export's audit event in one transaction, so that no list
 * leaves the store without its event. PGlite always; PostgreSQL with TEST_DATABASE_URL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { testProtocol } from '../../../test/support/api.ts';
import { backends } from '../../../test/support/database.ts';
import { DEFAULT_PROTOCOL_DIR } from '../../protocol/index.ts';
import type { Principal } from '../access.ts';
import { createUser, principalOf } from '../accounts/users.ts';
import { SYSTEM_ACTOR } from '../audit.ts';
import type { Db } from '../database.ts';
import { TrialError } from '../errors.ts';
import { seedProtocol } from '../sites.ts';
import { createList, exportList } from './randomization-lists.ts';

const at = new Date('2026-03-30T14:00:00Z');
const config = parse(readFileSync(join(DEFAULT_PROTOCOL_DIR, 'randomization.yaml'), 'utf8'));

describe.each(backends())('exporting an allocation list on $name', (backend) => {
  let db: Db;
  let statistician: Principal;
  let coordinator: Principal;
  let listId: string;

  const exports = async () =>
    (
      await db.query<{ entity_id: string; actor: string; role: string; changes: unknown }>(
        "SELECT entity_id, actor, role, changes FROM audit_event WHERE action = 'randomization.export' ORDER BY seq",
      )
    ).rows;

  beforeAll(async () => {
    db = await backend.openMigrated();
    const protocol = testProtocol();
    await db.transaction(async (tx) => {
      await seedProtocol(tx, SYSTEM_ACTOR, at, protocol);
      const user = async (username: string, roles: Principal['roles']) => {
        const created = await createUser(tx, SYSTEM_ACTOR, at, {
          username,
          displayName: username,
          password: `${username}-password-for-tests`,
          roles,
        });
        return (await principalOf(tx, created.id)) as Principal;
      };
      statistician = await user('stat', [{ role: 'statistician', siteId: null }]);
      coordinator = await user('coord', [{ role: 'coordinator', siteId: 'mayo-clinic-in-rochester' }]);
      listId = (await createList(tx, statistician, at, protocol, { config, rehearsal: false })).id;
    });
  }, 60_000);
  afterAll(() => db?.close());

  it('refuses every role but the statistician, and records nothing', async () => {
    await expect(exportList(db, coordinator, at, listId)).rejects.toMatchObject({
      kind: 'forbidden',
    } satisfies Partial<TrialError>);
    await expect(exportList(db, coordinator, at)).rejects.toBeInstanceOf(TrialError);
    expect(await exports()).toEqual([]);
  });

  it('exports the active list with its audit event, or the list named', async () => {
    const active = await exportList(db, statistician, at);
    expect(active.listId).toBe(listId);
    // Each stratum's list holds the whole enrollment target (122), rounded up to complete blocks.
    expect(active.entries.length).toBeGreaterThanOrEqual(2 * 122);
    expect(active.entries[0]).toMatchObject({ sequence: 1, studyId: null, randomizedAt: null });
    const named = await exportList(db, statistician, at, listId);
    expect(named.entries).toEqual(active.entries);
    expect(await exports()).toEqual([
      {
        entity_id: listId,
        actor: 'stat',
        role: 'statistician',
        changes: { exported: { before: null, after: active.entries.length } },
      },
      expect.objectContaining({ entity_id: listId }),
    ]);
  });

  it('names a list that does not exist as not found, and records nothing', async () => {
    const before = (await exports()).length;
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-list'])
      await expect(exportList(db, statistician, at, id)).rejects.toMatchObject({
        kind: 'not_found',
        message: 'randomization list not found',
      });
    expect(await exports()).toHaveLength(before);
  });

  it('exports nothing when its audit event cannot be written (one transaction)', async () => {
    const before = (await exports()).length;
    // A constraint the export's event breaks: the write fails inside the export's transaction.
    await db.exec(
      "ALTER TABLE audit_event ADD CONSTRAINT test_no_export CHECK (action <> 'randomization.export') NOT VALID",
    );
    try {
      await expect(exportList(db, statistician, at, listId)).rejects.toThrow(/test_no_export/);
    } finally {
      await db.exec('ALTER TABLE audit_event DROP CONSTRAINT test_no_export');
    }
    expect(await exports()).toHaveLength(before);
    const head = await db.query<{ seq: string }>('SELECT seq FROM audit_head');
    const last = await db.query<{ seq: string }>('SELECT max(seq) AS seq FROM audit_event');
    expect(String(head.rows[0]?.seq)).toBe(String(last.rows[0]?.seq));
  });
});
