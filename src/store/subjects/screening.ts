/**
 * Screening: the subject's clinical documents (FHIR) and attestations in, the eligibility engine's
 * result out — stored as an episode with its evidence and hashes, re-run whenever an input changes.
 * The investigator's signature binds to one episode's result hash; a later episode (new data, new
 * answers, another as-of date) leaves that signature behind, so it no longer counts. The inputs are
 * gathered by screening-inputs.ts; the changes that re-screen are in screening-changes.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Episode } from '../../contracts/index.ts';
import type { ScreeningAnswer, ScreeningResult } from '../../eligibility/index.ts';
import { screenPatient } from '../../eligibility/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import { actorOf, type Principal, type Role, requireRole } from '../access.ts';
import { canonicalJson, recordAudit, sha256 } from '../audit.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import type { IdentityKeys } from './identity.ts';
import {
  activeDocuments,
  attestationsOf,
  factsOf,
  siteAccrual,
  stratificationAnswers,
} from './screening-inputs.ts';
import { SITE_EDITORS, type SubjectRow, setStatus, subjectFor } from './subjects.ts';

export interface ScreeningContext {
  protocol: Protocol;
  /** Today in the trial's time zone (YYYY-MM-DD): the default as-of date and the randomization date. */
  today: string;
  /** The keyed hashes of identity facts (duplicate detection). */
  identity: IdentityKeys;
}

export type { Episode };

export interface EpisodeRow {
  id: string;
  number: number;
  as_of: string;
  overall: ScreeningResult['overall'];
  failing: string[];
  result: ScreeningResult;
  result_sha256: string;
  inputs_sha256: string;
  stratification: Record<string, string>;
  screened_at: string;
}

export const episodeView = (r: EpisodeRow): Episode => ({
  id: r.id,
  number: r.number,
  asOf: r.as_of,
  overall: r.overall,
  failing: r.failing,
  result: r.result,
  resultSha256: r.result_sha256,
  screenedAt: r.screened_at,
});

export function refuseIfClosed(row: SubjectRow): void {
  if (row.status === 'randomized' || row.status === 'withdrawn')
    throw new TrialError(
      'refused',
      `subject ${row.study_id} is ${row.status}: its screening data are closed`,
    );
}

/**
 * The subject's screening, opened for a change: its row locked, the caller a coordinator or
 * investigator of its site, and its screening data not closed (randomized, withdrawn).
 */
export async function openScreening(
  tx: Sql,
  who: Principal,
  subjectId: string,
): Promise<{ row: SubjectRow; role: Role }> {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
  return { row, role };
}

export async function currentEpisodeRow(sql: Sql, subjectId: string): Promise<EpisodeRow | null> {
  return (
    (
      await sql.query<EpisodeRow>(
        'SELECT * FROM screening_episode WHERE subject_id = $1 ORDER BY number DESC LIMIT 1',
        [subjectId],
      )
    ).rows[0] ?? null
  );
}

/**
 * Runs the eligibility engine on the subject's current inputs as of `asOf` and stores a new episode
 * unless the inputs and the as-of date are those of the current one. The caller holds the row lock.
 */
export async function runScreening(
  tx: Sql,
  who: Principal,
  role: Role,
  at: Date,
  context: ScreeningContext,
  row: SubjectRow,
  asOf: string,
): Promise<{ episode: Episode; warnings: string[]; created: boolean }> {
  const documents = await activeDocuments(tx, row.id);
  const { facts, warnings } = factsOf(documents, row.id, context.protocol.questionnaire.items);
  const attestations = await attestationsOf(tx, row.id);
  const answers: ScreeningAnswer[] = attestations.map((a) => ({
    ref: `Attestation/${a.id}`,
    source: 'trialkit attestation',
    linkId: a.link_id,
    value: a.value,
    authored: a.attested_at.slice(0, 10),
    author: a.display_name,
  }));
  const accrual = await siteAccrual(tx, row.site_id);
  const inputs = {
    documents: documents.map((d) => d.sha256),
    attestations: attestations.map((a) => a.id),
    asOf,
    siteId: row.site_id,
    accrual,
  };
  const inputsSha256 = sha256(canonicalJson(inputs));
  const current = await currentEpisodeRow(tx, row.id);
  if (current && current.inputs_sha256 === inputsSha256)
    return { episode: episodeView(current), warnings, created: false };

  const allAnswers = [...facts.answers, ...answers];
  const stratification = stratificationAnswers(allAnswers, asOf, context.protocol);
  const result = screenPatient(
    context.protocol,
    { ...facts, answers: allAnswers },
    { asOf, siteId: row.site_id, siteAccrual: accrual },
  );
  const failing = result.criteria.filter((c) => c.status === 'not_met').map((c) => c.id);
  const resultSha256 = sha256(canonicalJson(result));
  const id = randomUUID();
  const number = (current?.number ?? 0) + 1;
  await tx.query(
    `INSERT INTO screening_episode (id, subject_id, number, as_of, overall, failing, result, result_sha256, inputs_sha256, stratification, screened_at, screened_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      id,
      row.id,
      number,
      asOf,
      result.overall,
      JSON.stringify(failing),
      JSON.stringify(result),
      resultSha256,
      inputsSha256,
      JSON.stringify(stratification),
      at.toISOString(),
      who.userId,
    ],
  );
  const actor = actorOf(who, role, row.site_id);
  await recordAudit(tx, actor, at, {
    action: 'screening.run',
    entityType: 'screening_episode',
    entityId: id,
    subjectId: row.id,
    siteId: row.site_id,
    changes: {
      overall: { before: current?.overall ?? null, after: result.overall },
      failing: { before: current?.failing ?? null, after: failing },
      asOf: { before: current?.as_of ?? null, after: asOf },
      resultSha256: { before: current?.result_sha256 ?? null, after: resultSha256 },
    },
  });
  if (current) {
    const signed = await tx.query<{ id: string }>('SELECT id FROM signature WHERE episode_id = $1', [
      current.id,
    ]);
    for (const s of signed.rows)
      await recordAudit(tx, actor, at, {
        action: 'signature.superseded',
        entityType: 'signature',
        entityId: s.id,
        subjectId: row.id,
        siteId: row.site_id,
        changes: { valid: { before: true, after: false } },
        reason: `screening episode ${number} replaced the signed episode ${current.number}`,
      });
  }
  const status =
    result.overall === 'eligible'
      ? 'eligible'
      : result.overall === 'ineligible'
        ? 'screen_failed'
        : 'screening';
  await setStatus(tx, who, role, at, row, status, `screening episode ${number}: ${result.overall}`);
  return {
    episode: episodeView({
      id,
      number,
      as_of: asOf,
      overall: result.overall,
      failing,
      result,
      result_sha256: resultSha256,
      inputs_sha256: inputsSha256,
      stratification,
      screened_at: at.toISOString(),
    }),
    warnings,
    created: true,
  };
}

/** Re-screen as of a chosen date (the planned randomization date); today when absent. */
export async function rescreen(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  asOf?: string,
) {
  const { row, role } = await openScreening(tx, who, subjectId);
  return runScreening(tx, who, role, at, context, row, asOf ?? context.today);
}

export async function currentEpisode(sql: Sql, who: Principal, subjectId: string): Promise<Episode | null> {
  await subjectFor(sql, who, subjectId);
  const row = await currentEpisodeRow(sql, subjectId);
  return row ? episodeView(row) : null;
}

export async function episodes(
  sql: Sql,
  who: Principal,
  subjectId: string,
): Promise<Omit<Episode, 'result'>[]> {
  await subjectFor(sql, who, subjectId);
  const { rows } = await sql.query<EpisodeRow>(
    'SELECT * FROM screening_episode WHERE subject_id = $1 ORDER BY number',
    [subjectId],
  );
  return rows.map(({ result: _result, ...r }) => {
    const { result: _, ...v } = episodeView({ ...r, result: {} as ScreeningResult });
    return v;
  });
}
