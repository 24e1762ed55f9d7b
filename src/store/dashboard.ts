/**
 * The trial dashboard's numbers for the caller's sites (`countScope`: the sites whose subjects it
 * reads; for an admin the whole study, as counts without a subject's row): randomizations per ISO week or
 * calendar month with running totals (overall and by arm), per site, the screening funnel, the CONSORT
 * enrolment counts (from `screeningLog`, so both views agree) and screen failures by criterion.
 * Dates are calendar dates in the trial's time zone. Read-only: no audit event.
 */
import {
  ACCRUAL_PERIODS,
  type AccrualPeriod,
  type AccrualPoint,
  type DashboardData,
  type ScreeningFunnel,
} from '../contracts/index.ts';
import { countScope, type Principal } from './access.ts';
import type { Sql } from './database.ts';
import { screeningLogOf } from './subjects/screening-log.ts';

export type { AccrualPeriod, AccrualPoint, ScreeningFunnel };
export { ACCRUAL_PERIODS };

export interface DashboardOptions {
  period: AccrualPeriod;
  /** IANA time zone of the trial's calendar. */
  timeZone: string;
  /** Today in that zone (YYYY-MM-DD): the series runs to the period containing it. */
  today: string;
}

export type SiteAccrual = DashboardData['bySite'][number];

export type CriterionFailureCount = Omit<
  DashboardData['screenFailures']['byCriterion'][number],
  'title' | 'type'
>;

export type RecentScreenFailure = DashboardData['screenFailures']['recent'][number];

/** The counts; the route adds the protocol's names, arms and target (contracts' DashboardData). */
export type DashboardCounts = Omit<
  DashboardData,
  'asOf' | 'timeZone' | 'target' | 'arms' | 'screenFailures'
> & {
  screenFailures: { byCriterion: CriterionFailureCount[]; recent: RecentScreenFailure[] };
};

/** How many of the latest screen failures are listed one by one. */
export const RECENT_FAILURES = 10;

const INTERVAL: Record<AccrualPeriod, string> = { week: '1 week', month: '1 month' };
const LABEL: Record<AccrualPeriod, string> = { week: 'IYYY-"W"IW', month: 'YYYY-MM' };

/** Series from the first period with a randomization to today's, with empty periods as zeros. */
async function accrualSeries(
  sql: Sql,
  sites: string[] | null,
  options: DashboardOptions,
): Promise<{ series: AccrualPoint[]; byArm: Record<string, number> }> {
  const { rows } = await sql.query<{ start: string; label: string; arm: string | null; n: number }>(
    `WITH r AS (
       SELECT date_trunc($2, a.randomized_at AT TIME ZONE $3) AS p, a.arm
         FROM allocation a JOIN subject s ON s.id = a.subject_id
        WHERE $1::text[] IS NULL OR s.site_id = ANY($1::text[])),
     bounds AS (SELECT min(p) AS first, max(p) AS last FROM r),
     periods AS (
       SELECT p FROM bounds,
              generate_series(bounds.first, greatest(bounds.last, date_trunc($2, $4::date::timestamp)), $5::interval) AS p)
     SELECT periods.p::date AS start, to_char(periods.p, $6) AS label, r.arm, count(r.arm)::int AS n
       FROM periods LEFT JOIN r ON r.p = periods.p
      GROUP BY periods.p, r.arm
      ORDER BY periods.p, r.arm`,
    [sites, options.period, options.timeZone, options.today, INTERVAL[options.period], LABEL[options.period]],
  );
  const arms = [...new Set(rows.flatMap((r) => (r.arm === null ? [] : [r.arm])))].sort();
  const zeros = () => Object.fromEntries(arms.map((arm) => [arm, 0])) as Record<string, number>;
  const series: AccrualPoint[] = [];
  const totals = zeros();
  let cumulative = 0;
  for (const row of rows) {
    let point = series.at(-1);
    if (point?.start !== row.start) {
      point = {
        period: row.label,
        start: row.start,
        randomized: 0,
        cumulative,
        byArm: zeros(),
        cumulativeByArm: { ...totals },
      };
      series.push(point);
    }
    if (row.arm === null) continue;
    point.randomized += row.n;
    point.byArm[row.arm] = row.n;
    cumulative += row.n;
    totals[row.arm] = (totals[row.arm] ?? 0) + row.n;
    point.cumulative = cumulative;
    point.cumulativeByArm = { ...totals };
  }
  return { series, byArm: totals };
}

async function siteRows(sql: Sql, sites: string[] | null, timeZone: string): Promise<SiteAccrual[]> {
  const { rows } = await sql.query<{
    id: string;
    name: string;
    recruiting_status: string;
    registered: number;
    screen_failed: number;
    withdrawn: number;
    randomized: number;
    first_randomized: string | null;
    last_randomized: string | null;
  }>(
    `SELECT site.id, site.name, site.recruiting_status,
            count(s.id)::int AS registered,
            count(s.id) FILTER (WHERE s.status = 'screen_failed')::int AS screen_failed,
            count(s.id) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn,
            count(a.id)::int AS randomized,
            min(a.randomized_at AT TIME ZONE $2)::date AS first_randomized,
            max(a.randomized_at AT TIME ZONE $2)::date AS last_randomized
       FROM site
       LEFT JOIN subject s ON s.site_id = site.id
       LEFT JOIN allocation a ON a.subject_id = s.id
      WHERE $1::text[] IS NULL OR site.id = ANY($1::text[])
      GROUP BY site.id, site.name, site.recruiting_status, site.code
      ORDER BY count(a.id) DESC, count(s.id) DESC, site.code`,
    [sites, timeZone],
  );
  const arms = await sql.query<{ site_id: string; arm: string; n: number }>(
    `SELECT s.site_id, a.arm, count(*)::int AS n
       FROM allocation a JOIN subject s ON s.id = a.subject_id
      WHERE $1::text[] IS NULL OR s.site_id = ANY($1::text[])
      GROUP BY s.site_id, a.arm`,
    [sites],
  );
  return rows.map((r) => ({
    siteId: r.id,
    name: r.name,
    recruitingStatus: r.recruiting_status,
    registered: r.registered,
    screenFailed: r.screen_failed,
    withdrawn: r.withdrawn,
    randomized: r.randomized,
    byArm: Object.fromEntries(arms.rows.filter((a) => a.site_id === r.id).map((a) => [a.arm, a.n])),
    firstRandomized: r.first_randomized,
    lastRandomized: r.last_randomized,
  }));
}

async function funnel(sql: Sql, sites: string[] | null): Promise<ScreeningFunnel> {
  const { rows } = await sql.query<ScreeningFunnel>(
    `SELECT count(*)::int AS registered,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM screening_episode e WHERE e.subject_id = s.id))::int AS screened,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM screening_episode e WHERE e.subject_id = s.id AND e.overall = 'eligible'))::int AS eligible,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM signature g WHERE g.subject_id = s.id))::int AS signed,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM allocation a WHERE a.subject_id = s.id))::int AS randomized,
            count(*) FILTER (WHERE s.status = 'screen_failed')::int AS "screenFailed",
            count(*) FILTER (WHERE s.status = 'withdrawn')::int AS withdrawn
       FROM subject s
      WHERE $1::text[] IS NULL OR s.site_id = ANY($1::text[])`,
    [sites],
  );
  return rows[0] as ScreeningFunnel;
}

const criterionCount = (r: { criterion_id: string; subjects: number; last_date: string }) => ({
  criterionId: r.criterion_id,
  subjects: r.subjects,
  lastDate: r.last_date,
});

/**
 * The current (latest) screening of each screen-failed subject, by failing criterion; with
 * `subjectRows`, the latest failures one by one as well (study ID, site, date, criteria).
 */
async function screenFailures(
  sql: Sql,
  sites: string[] | null,
  timeZone: string,
  subjectRows: boolean,
): Promise<DashboardCounts['screenFailures']> {
  const latest = `WITH latest AS (
      SELECT DISTINCT ON (e.subject_id) e.subject_id, e.screened_at, e.failing
        FROM screening_episode e
       ORDER BY e.subject_id, e.number DESC)`;
  const scope = `s.status = 'screen_failed' AND ($1::text[] IS NULL OR s.site_id = ANY($1::text[]))`;
  const byCriterion = await sql.query<{ criterion_id: string; subjects: number; last_date: string }>(
    `${latest}
     SELECT c.id AS criterion_id, count(*)::int AS subjects,
            max(l.screened_at AT TIME ZONE $2)::date AS last_date
       FROM subject s
       JOIN latest l ON l.subject_id = s.id
      CROSS JOIN LATERAL jsonb_array_elements_text(l.failing) AS c(id)
      WHERE ${scope}
      GROUP BY c.id
      ORDER BY max(l.screened_at) DESC, count(*) DESC, c.id`,
    [sites, timeZone],
  );
  if (!subjectRows) return { byCriterion: byCriterion.rows.map(criterionCount), recent: [] };
  const recent = await sql.query<{ study_id: string; site_id: string; date: string; failing: string[] }>(
    `${latest}
     SELECT s.study_id, s.site_id, (l.screened_at AT TIME ZONE $2)::date AS date, l.failing
       FROM subject s JOIN latest l ON l.subject_id = s.id
      WHERE ${scope}
      ORDER BY l.screened_at DESC, s.study_id
      LIMIT ${RECENT_FAILURES}`,
    [sites, timeZone],
  );
  return {
    byCriterion: byCriterion.rows.map(criterionCount),
    recent: recent.rows.map((r) => ({
      studyId: r.study_id,
      siteId: r.site_id,
      date: r.date,
      criteria: r.failing,
    })),
  };
}

export async function dashboard(
  sql: Sql,
  who: Principal,
  options: DashboardOptions,
): Promise<DashboardCounts> {
  // An admin without a clinical role gets the study's counts, no subject's row (src/store/access.ts).
  const { sites: scope, subjectRows } = countScope(who);
  const sites = scope === 'all' ? null : scope;
  const { series, byArm } = await accrualSeries(sql, sites, options);
  const study = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM allocation');
  const { consort } = await screeningLogOf(sql, scope);
  return {
    scope,
    period: options.period,
    accrual: series,
    randomized: series.at(-1)?.cumulative ?? 0,
    byArm,
    studyRandomized: study.rows[0]?.n ?? 0,
    bySite: await siteRows(sql, sites, options.timeZone),
    funnel: await funnel(sql, sites),
    consort,
    screenFailures: await screenFailures(sql, sites, options.timeZone, subjectRows),
  };
}
