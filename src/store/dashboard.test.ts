/**
 * The dashboard's counts on a known history (test/support/trial-records.ts): accrual by month and ISO
 * week in the trial's time zone with empty periods filled, site scope, the funnel, CONSORT boxes that add
 * up, and screen failures by criterion. PGlite always; PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testProtocol } from '../../test/support/api.ts';
import { backends } from '../../test/support/database.ts';
import {
  ARIZONA,
  DASHBOARD_SUBJECTS,
  insertTrialRecords,
  ROCHESTER,
} from '../../test/support/trial-records.ts';
import { SYSTEM_ACTOR } from './audit.ts';
import { dashboard } from './dashboard.ts';
import type { Db } from './database.ts';
import type { Principal } from './index.ts';
import { seedProtocol } from './sites.ts';

const principal = (roles: Principal['roles']): Principal => ({
  userId: '00000000-0000-4000-8000-000000000001',
  username: 'viewer',
  displayName: 'Viewer',
  roles,
});
const statistician = principal([{ role: 'statistician', siteId: null }]);
const rochester = principal([{ role: 'coordinator', siteId: ROCHESTER }]);
const arizonaMonitor = principal([{ role: 'monitor', siteId: ARIZONA }]);
const noRole = principal([]);
const options = { period: 'month', timeZone: 'America/Chicago', today: '2026-03-30' } as const;

describe.each(backends())('dashboard on $name', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await backend.openMigrated();
    const protocol = testProtocol();
    await db.transaction((tx) => seedProtocol(tx, SYSTEM_ACTOR, new Date('2025-12-01T00:00:00Z'), protocol));
    await db.transaction((tx) => insertTrialRecords(tx, protocol.registry.id, DASHBOARD_SUBJECTS));
  });
  afterAll(() => db?.close());

  it('counts randomizations per month in the trial time zone, with running totals by arm', async () => {
    const data = await dashboard(db, statistician, options);
    expect(data.scope).toBe('all');
    // A-01 was randomized 2026-03-01 03:00 UTC = 2026-02-28 in Chicago: February.
    expect(data.accrual).toEqual([
      {
        period: '2026-01',
        start: '2026-01-01',
        randomized: 2,
        cumulative: 2,
        byArm: { A: 1, B: 1 },
        cumulativeByArm: { A: 1, B: 1 },
      },
      {
        period: '2026-02',
        start: '2026-02-01',
        randomized: 1,
        cumulative: 3,
        byArm: { A: 0, B: 1 },
        cumulativeByArm: { A: 1, B: 2 },
      },
      {
        period: '2026-03',
        start: '2026-03-01',
        randomized: 1,
        cumulative: 4,
        byArm: { A: 1, B: 0 },
        cumulativeByArm: { A: 2, B: 2 },
      },
    ]);
    expect(data.randomized).toBe(4);
    expect(data.studyRandomized).toBe(4);
    expect(data.byArm).toEqual({ A: 2, B: 2 });
  });

  it('counts per ISO week (Monday starts) up to the current week, empty weeks as zeros', async () => {
    const data = await dashboard(db, statistician, { ...options, period: 'week' });
    // 2026-01-01 is a Thursday, so week 1 began 2025-12-29 and 2026-01-05 starts week 2.
    expect(data.accrual[0]).toMatchObject({ period: '2026-W02', start: '2026-01-05', randomized: 1 });
    expect(data.accrual.at(-1)).toMatchObject({ period: '2026-W14', start: '2026-03-30', randomized: 0 });
    expect(data.accrual).toHaveLength(13);
    const nonEmpty = data.accrual.filter((p) => p.randomized > 0).map((p) => [p.period, p.start]);
    expect(nonEmpty).toEqual([
      ['2026-W02', '2026-01-05'],
      ['2026-W04', '2026-01-19'],
      ['2026-W09', '2026-02-23'],
      ['2026-W10', '2026-03-02'],
    ]);
    expect(data.accrual.map((p) => p.cumulative)).toEqual([1, 1, 2, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4]);
  });

  it("shows a site user only their sites' subjects, and the study total beside them", async () => {
    const data = await dashboard(db, rochester, options);
    expect(data.scope).toEqual([ROCHESTER]);
    expect(data.accrual.map((p) => [p.period, p.randomized, p.cumulative])).toEqual([
      ['2026-01', 2, 2],
      ['2026-02', 0, 2],
      ['2026-03', 1, 3],
    ]);
    expect(data.studyRandomized).toBe(4);
    expect(data.bySite).toEqual([
      {
        siteId: ROCHESTER,
        name: expect.stringContaining('Rochester'),
        recruitingStatus: 'RECRUITING',
        registered: 7,
        screenFailed: 2,
        withdrawn: 1,
        randomized: 3,
        byArm: { A: 2, B: 1 },
        firstRandomized: '2026-01-06',
        lastRandomized: '2026-03-02',
      },
    ]);
    expect(data.funnel).toEqual({
      registered: 7,
      screened: 6,
      eligible: 4,
      signed: 3,
      randomized: 3,
      screenFailed: 2,
      withdrawn: 1,
    });
    expect(data.screenFailures.recent.map((f) => f.studyId)).toEqual(['R-05', 'R-04']);

    const monitor = await dashboard(db, arizonaMonitor, options);
    expect(monitor.bySite.map((s) => s.siteId)).toEqual([ARIZONA]);
    expect(monitor.randomized).toBe(1);
    expect(monitor.consort.assessed).toBe(3);
  });

  it('lists every site for study-wide roles, busiest first', async () => {
    const data = await dashboard(db, statistician, options);
    expect(data.bySite).toHaveLength(testProtocol().sites.length);
    expect(data.bySite.slice(0, 2).map((s) => [s.siteId, s.randomized])).toEqual([
      [ROCHESTER, 3],
      [ARIZONA, 1],
    ]);
  });

  it('counts the funnel by stage reached and CONSORT boxes that add up to those assessed', async () => {
    const { funnel, consort } = await dashboard(db, statistician, options);
    expect(funnel).toEqual({
      registered: 10,
      screened: 9,
      eligible: 6,
      signed: 5,
      randomized: 4,
      screenFailed: 3,
      withdrawn: 1,
    });
    expect(consort).toMatchObject({
      assessed: 10,
      inScreening: 1,
      eligibleNotRandomized: 1,
      excluded: { total: 4, notMeetingCriteria: 3, withdrawn: 1, byCriterion: { I07: 2, E14: 1, E01: 1 } },
      randomized: 4,
      allocated: { A: 2, B: 2 },
    });
    expect(
      consort.excluded.total + consort.randomized + consort.inScreening + consort.eligibleNotRandomized,
    ).toBe(consort.assessed);
  });

  it('counts screen failures by criterion of the current screening, latest first', async () => {
    const { screenFailures } = await dashboard(db, statistician, options);
    expect(screenFailures.byCriterion).toEqual([
      { criterionId: 'E01', subjects: 1, lastDate: '2026-03-20' },
      { criterionId: 'I07', subjects: 2, lastDate: '2026-03-05' },
      { criterionId: 'E14', subjects: 1, lastDate: '2026-02-10' },
    ]);
    expect(screenFailures.recent).toEqual([
      { studyId: 'A-02', siteId: ARIZONA, date: '2026-03-20', criteria: ['E01'] },
      { studyId: 'R-05', siteId: ROCHESTER, date: '2026-03-05', criteria: ['I07'] },
      { studyId: 'R-04', siteId: ROCHESTER, date: '2026-02-10', criteria: ['I07', 'E14'] },
    ]);
  });

  it('shows nothing to a user without a site role', async () => {
    const data = await dashboard(db, noRole, options);
    expect(data).toMatchObject({ scope: [], accrual: [], randomized: 0, bySite: [] });
    expect(data.funnel.registered).toBe(0);
  });
});
