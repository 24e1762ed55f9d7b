/**
 * GET /api/dashboard through the API: signed-in only, each role sees its own sites (an admin the
 * study's counts without a subject's row), the protocol's target, arm labels and criterion titles are
 * added, and the query is validated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, startApi, type TestApi, testProtocol } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import {
  ARIZONA,
  DASHBOARD_SUBJECTS,
  insertTrialRecords,
  ROCHESTER,
} from '../../test/support/trial-records.ts';

describe.each(backends())('GET /api/dashboard on $name', (backend) => {
  let api: TestApi;
  let coordinator: Client;
  let monitor: Client;
  let statistician: Client;

  beforeAll(async () => {
    api = await startApi(backend);
    await api.db.transaction((tx) => insertTrialRecords(tx, testProtocol().registry.id, DASHBOARD_SUBJECTS));
    coordinator = await api.user('coord', [{ role: 'coordinator', siteId: ROCHESTER }]);
    monitor = await api.user('mon-az', [{ role: 'monitor', siteId: ARIZONA }]);
    statistician = await api.user('stat', [{ role: 'statistician', siteId: null }]);
  }, 60_000);
  afterAll(() => api?.close());

  it('needs a session', async () => {
    expect((await api.anonymous.get('/api/dashboard')).status).toBe(401);
  });

  it('gives a statistician the whole study against the target, with names from the protocol', async () => {
    const { status, body } = await statistician.get('/api/dashboard');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      asOf: '2026-03-30',
      timeZone: 'America/Chicago',
      target: 122,
      scope: 'all',
      period: 'month',
      randomized: 4,
      studyRandomized: 4,
      arms: [
        { id: 'A', label: expect.stringContaining('atezolizumab'), randomized: 2 },
        { id: 'B', label: expect.stringMatching(/^Arm B/), randomized: 2 },
      ],
      funnel: { registered: 10, screened: 9, eligible: 6, signed: 5, randomized: 4 },
      consort: { assessed: 10, randomized: 4, allocated: { A: 2, B: 2 } },
    });
    expect(body.accrual.map((p: { period: string }) => p.period)).toEqual(['2026-01', '2026-02', '2026-03']);
    const i07 = body.screenFailures.byCriterion.find((c: { criterionId: string }) => c.criterionId === 'I07');
    expect(i07).toEqual({
      criterionId: 'I07',
      subjects: 2,
      lastDate: '2026-03-05',
      title: testProtocol().criteria.find((c) => c.id === 'I07')?.title,
      type: 'inclusion',
    });
    expect(body.bySite).toHaveLength(testProtocol().sites.length);
  });

  it("limits site roles to their own sites' subjects", async () => {
    const rochester = await coordinator.get('/api/dashboard?period=week');
    expect(rochester.status).toBe(200);
    expect(rochester.body).toMatchObject({ scope: [ROCHESTER], randomized: 3, studyRandomized: 4 });
    expect(rochester.body.accrual[0]).toMatchObject({ period: '2026-W02', start: '2026-01-05' });
    expect(rochester.body.bySite.map((s: { siteId: string }) => s.siteId)).toEqual([ROCHESTER]);
    const studyIds = rochester.body.screenFailures.recent.map((f: { studyId: string }) => f.studyId);
    expect(studyIds).toEqual(['R-05', 'R-04']);

    const arizona = await monitor.get('/api/dashboard');
    expect(arizona.body).toMatchObject({ scope: [ARIZONA], randomized: 1, consort: { assessed: 3 } });
  });

  it("gives an admin the study's counts and no subject's row (the role is for accounts and sites)", async () => {
    const { status, body } = await api.admin.get('/api/dashboard');
    expect(status).toBe(200);
    const study = (await statistician.get('/api/dashboard')).body;
    expect(study.screenFailures.recent.length).toBeGreaterThan(0);
    expect(body).toEqual({ ...study, screenFailures: { ...study.screenFailures, recent: [] } });
    // No study ID anywhere in the answer.
    for (const { studyId } of study.screenFailures.recent)
      expect(JSON.stringify(body)).not.toContain(studyId);
    expect((await api.admin.get('/api/screening-log')).status).toBe(403);
  });

  it('rejects an unknown period or parameter, naming it', async () => {
    const bad = await statistician.get('/api/dashboard?period=year');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('querystring.period');
    expect((await statistician.get('/api/dashboard?siteId=x')).status).toBe(400);
  });
});
