/**
 * The statistician's rehearsal (same configuration, throwaway subjects, balance report, nothing stored)
 * and one transaction per request: a request that fails half-way leaves no trace, not even an audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  ROCHESTER,
  startApi,
  TEST_IDENTITY_KEYS,
  type TestApi,
} from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import { createSubject, principalOf, verifyAudit } from '../store/index.ts';

describe.each(backends())('rehearsal and atomicity on $name', (backend) => {
  let api: TestApi;
  let statistician: Client;
  beforeAll(async () => {
    api = await startApi(backend);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
    await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
  }, 60_000);
  afterAll(() => api?.close());

  it('rehearses the configuration and reports balance that adds up, storing nothing', async () => {
    const events = (await verifyAudit(api.db)).events;
    const report = await statistician.post('/api/randomization/rehearsal', {
      subjects: { count: 122, levelProbabilities: { 'planned-mki': { cabozantinib: 1, lenvatinib: 3 } } },
    });
    expect(report.status).toBe(200);
    expect(report.body.subjects).toBe(122);
    expect(report.body.overall.total).toBe(122);
    const byStratum = report.body.byStratum as { total: number; imbalance: number }[];
    expect(byStratum.reduce((sum, s) => sum + s.total, 0)).toBe(122);
    // Permuted blocks of 2 and 4: within a stratum the arms differ by at most half a block.
    for (const s of byStratum) expect(s.imbalance).toBeLessThanOrEqual(2);
    expect((await verifyAudit(api.db)).events).toBe(events);
    expect((await api.db.query('SELECT 1 FROM randomization_list')).rowCount).toBe(0);
  });

  it("refuses to rehearse with the trial's own seed (it would print the real list)", async () => {
    const seed = 'ab'.repeat(32);
    expect((await statistician.post('/api/randomization/lists', { seed })).status).toBe(201);
    const refused = await statistician.post('/api/randomization/rehearsal', {
      seed,
      subjects: { count: 10 },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain("trial's own seed");
  });

  it('names the field of a bad rehearsal request', async () => {
    const bad = await statistician.post('/api/randomization/rehearsal', {
      subjects: [{ 'planned-mki': 'sorafenib' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body.subjects[0].planned-mki');
  });

  it('rolls back everything a failing transaction wrote, the audit event included', async () => {
    const { rows } = await api.db.query<{ id: string }>("SELECT id FROM app_user WHERE username = 'coord'");
    const coordinator = await principalOf(api.db, rows[0]?.id as string);
    const before = await verifyAudit(api.db);
    const subjectsBefore = (await api.db.query('SELECT 1 FROM subject')).rowCount;
    await expect(
      api.db.transaction(async (tx) => {
        await createSubject(
          tx,
          coordinator as NonNullable<typeof coordinator>,
          api.clock.now(),
          { siteId: ROCHESTER, initials: 'RB', birthDate: '1960-01-01', sex: 'female' },
          'NCT05168163',
          TEST_IDENTITY_KEYS,
        );
        throw new Error('crash after the write');
      }),
    ).rejects.toThrow('crash after the write');
    expect((await api.db.query('SELECT 1 FROM subject')).rowCount).toBe(subjectsBefore);
    const after = await verifyAudit(api.db);
    expect(after).toEqual(before);
    const { rows: site } = await api.db.query<{ next_subject_number: number }>(
      'SELECT next_subject_number FROM site WHERE id = $1',
      [ROCHESTER],
    );
    expect(site[0]?.next_subject_number).toBe(1);
  });
});
