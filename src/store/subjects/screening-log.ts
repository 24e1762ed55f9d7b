/**
 * The screening log and CONSORT counts (CONSORT 2010 flow diagram, enrolment box): every subject
 * screened at the caller's sites once, in exactly one box, so the boxes add up to the total.
 */
import type { z } from 'zod';
import type { ConsortCounts, screeningLogEntry } from '../../contracts/index.ts';
import { type Principal, visibleSites } from '../access.ts';
import type { Sql } from '../database.ts';

export type ScreeningLogEntry = z.infer<typeof screeningLogEntry>;
export type { ConsortCounts };

export async function screeningLog(
  sql: Sql,
  who: Principal,
): Promise<{ entries: ScreeningLogEntry[]; consort: ConsortCounts }> {
  return screeningLogOf(sql, visibleSites(who));
}

/** The log of `sites` (`'all'`: the study), for a caller whose scope is already decided (the dashboard's counts). */
export async function screeningLogOf(
  sql: Sql,
  sites: 'all' | string[],
): Promise<{ entries: ScreeningLogEntry[]; consort: ConsortCounts }> {
  const { rows } = await sql.query<{
    id: string;
    study_id: string;
    site_id: string;
    status: string;
    withdrawal_reason: string | null;
    screened_at: string | null;
    overall: string | null;
    failing: string[] | null;
    arm: string | null;
    randomized_at: string | null;
  }>(
    `SELECT s.id, s.study_id, s.site_id, s.status, s.withdrawal_reason, e.screened_at, e.overall, e.failing, a.arm, a.randomized_at
       FROM subject s
       LEFT JOIN LATERAL (SELECT screened_at, overall, failing FROM screening_episode WHERE subject_id = s.id ORDER BY number DESC LIMIT 1) e ON true
       LEFT JOIN allocation a ON a.subject_id = s.id
      ${sites === 'all' ? '' : 'WHERE s.site_id = ANY($1)'}
      ORDER BY s.study_id`,
    sites === 'all' ? [] : [sites],
  );
  const entries = rows.map((r) => ({
    id: r.id,
    studyId: r.study_id,
    siteId: r.site_id,
    status: r.status,
    screenedAt: r.screened_at,
    overall: r.overall,
    failing: r.failing ?? [],
    arm: r.arm,
    randomizedAt: r.randomized_at,
    withdrawalReason: r.withdrawal_reason,
  }));
  const consort: ConsortCounts = {
    assessed: entries.length,
    inScreening: 0,
    eligibleNotRandomized: 0,
    excluded: { total: 0, notMeetingCriteria: 0, withdrawn: 0, byCriterion: {} },
    randomized: 0,
    allocated: {},
  };
  for (const e of entries) {
    if (e.status === 'randomized') {
      consort.randomized++;
      if (e.arm) consort.allocated[e.arm] = (consort.allocated[e.arm] ?? 0) + 1;
    } else if (e.status === 'screen_failed') {
      consort.excluded.notMeetingCriteria++;
      for (const id of e.failing)
        consort.excluded.byCriterion[id] = (consort.excluded.byCriterion[id] ?? 0) + 1;
    } else if (e.status === 'withdrawn') consort.excluded.withdrawn++;
    else if (e.status === 'eligible') consort.eligibleNotRandomized++;
    else consort.inScreening++;
  }
  consort.excluded.total = consort.excluded.notMeetingCriteria + consort.excluded.withdrawn;
  return { entries, consort };
}
