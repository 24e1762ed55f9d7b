/**
 * A small screened-and-randomized history written straight into the tables, for tests of read-only
 * views (dashboard, reports) that need subjects at given dates, statuses and arms without walking
 * each one through the API. The writes bypass the audit trail on purpose: nothing here is trial data.
 */
import { randomUUID } from 'node:crypto';
import type { Sql } from '../../src/store/index.ts';

export interface EpisodeRecord {
  at: string;
  overall: 'eligible' | 'ineligible' | 'incomplete';
  failing?: string[];
}

export interface SubjectRecord {
  studyId: string;
  siteId: string;
  status: 'screening' | 'eligible' | 'screen_failed' | 'randomized' | 'withdrawn';
  episodes?: EpisodeRecord[];
  /** Signs the last eligible episode. */
  signedAt?: string;
  randomized?: { at: string; arm: string };
}

const ZERO = '0'.repeat(64);

export async function insertTrialRecords(
  sql: Sql,
  protocolId: string,
  subjects: readonly SubjectRecord[],
): Promise<void> {
  const userId = randomUUID();
  const created = '2025-12-01T00:00:00Z';
  await sql.query(
    `INSERT INTO app_user (id, username, display_name, password_hash, created_at)
     VALUES ($1, $2, 'Fixture', 'not-a-hash', $3)`,
    [userId, `fixture-${userId.slice(0, 8)}`, created],
  );
  const listId = randomUUID();
  await sql.query(
    `INSERT INTO randomization_list (id, protocol_id, config, algorithm, seed_sha256, rehearsal, active, created_at, created_by)
     VALUES ($1, $2, '{}', 'fixture', $3, true, false, $4, $5)`,
    [listId, protocolId, ZERO, created, userId],
  );
  let sequence = 0;
  for (const s of subjects) {
    const subjectId = randomUUID();
    await sql.query(
      `INSERT INTO subject (id, study_id, site_id, initials, birth_date, sex, status, created_at, created_by)
       VALUES ($1, $2, $3, 'AB', '1960-01-01', 'female', $4, $5, $6)`,
      [subjectId, s.studyId, s.siteId, s.status, created, userId],
    );
    let eligibleEpisode: string | null = null;
    for (const [i, e] of (s.episodes ?? []).entries()) {
      const episodeId = randomUUID();
      await sql.query(
        `INSERT INTO screening_episode (id, subject_id, number, as_of, overall, failing, result, result_sha256, inputs_sha256, stratification, screened_at, screened_by)
         VALUES ($1, $2, $3, $4::timestamptz::date, $5, $6, '{}', $7, $7, '{}', $4, $8)`,
        [episodeId, subjectId, i + 1, e.at, e.overall, JSON.stringify(e.failing ?? []), ZERO, userId],
      );
      if (e.overall === 'eligible') eligibleEpisode = episodeId;
    }
    if (!s.signedAt && !s.randomized) continue;
    if (!eligibleEpisode) throw new Error(`${s.studyId}: signing needs an eligible episode`);
    const signatureId = randomUUID();
    await sql.query(
      `INSERT INTO signature (id, subject_id, episode_id, signer_id, signer_name, meaning, result_sha256, signed_at)
       VALUES ($1, $2, $3, $4, 'Fixture', 'fixture', $5, $6)`,
      [signatureId, subjectId, eligibleEpisode, userId, ZERO, s.signedAt ?? s.randomized?.at],
    );
    if (!s.randomized) continue;
    sequence++;
    await sql.query(
      `INSERT INTO allocation (id, subject_id, list_id, stratum, sequence, arm, factors, episode_id, signature_id, randomized_at, randomized_by)
       VALUES ($1, $2, $3, 'all', $4, $5, '{}', $6, $7, $8, $9)`,
      [
        randomUUID(),
        subjectId,
        listId,
        sequence,
        s.randomized.arm,
        eligibleEpisode,
        signatureId,
        s.randomized.at,
        userId,
      ],
    );
  }
}

export const ROCHESTER = 'mayo-clinic-in-rochester';
export const ARIZONA = 'mayo-clinic-in-arizona';

const eligible = (at: string): EpisodeRecord => ({ at, overall: 'eligible' });
const failing = (at: string, ...ids: string[]): EpisodeRecord => ({
  at,
  overall: 'ineligible',
  failing: ids,
});

/**
 * Ten subjects at two sites (dates in UTC; the trial's zone is America/Chicago). A-01 is randomized
 * on 2026-03-01 UTC, which is 2026-02-28 in Chicago: it counts in February.
 */
export const DASHBOARD_SUBJECTS: readonly SubjectRecord[] = [
  {
    studyId: 'R-01',
    siteId: ROCHESTER,
    status: 'randomized',
    episodes: [eligible('2026-01-05T15:00:00Z')],
    randomized: { at: '2026-01-06T16:00:00Z', arm: 'A' },
  },
  {
    studyId: 'R-02',
    siteId: ROCHESTER,
    status: 'randomized',
    episodes: [eligible('2026-01-19T15:00:00Z')],
    randomized: { at: '2026-01-20T16:00:00Z', arm: 'B' },
  },
  {
    studyId: 'R-03',
    siteId: ROCHESTER,
    status: 'randomized',
    episodes: [eligible('2026-03-02T15:00:00Z')],
    randomized: { at: '2026-03-02T18:00:00Z', arm: 'A' },
  },
  {
    studyId: 'R-04',
    siteId: ROCHESTER,
    status: 'screen_failed',
    episodes: [failing('2026-02-10T15:00:00Z', 'I07', 'E14')],
  },
  {
    studyId: 'R-05',
    siteId: ROCHESTER,
    status: 'screen_failed',
    episodes: [eligible('2026-01-10T15:00:00Z'), failing('2026-03-05T15:00:00Z', 'I07')],
  },
  {
    studyId: 'R-06',
    siteId: ROCHESTER,
    status: 'withdrawn',
    episodes: [{ at: '2026-02-01T15:00:00Z', overall: 'incomplete' }],
  },
  { studyId: 'R-07', siteId: ROCHESTER, status: 'screening' },
  {
    studyId: 'A-01',
    siteId: ARIZONA,
    status: 'randomized',
    episodes: [eligible('2026-02-27T15:00:00Z')],
    randomized: { at: '2026-03-01T03:00:00Z', arm: 'B' },
  },
  {
    studyId: 'A-02',
    siteId: ARIZONA,
    status: 'screen_failed',
    episodes: [failing('2026-03-20T15:00:00Z', 'E01')],
  },
  {
    studyId: 'A-03',
    siteId: ARIZONA,
    status: 'eligible',
    episodes: [eligible('2026-03-25T15:00:00Z')],
    signedAt: '2026-03-26T15:00:00Z',
  },
];
