/**
 * The investigator's eligibility sign-off: a 21 CFR Part 11 electronic signature (§11.50 name, time
 * and meaning shown with the record; §11.70 bound to the record by the hash of the signed result;
 * §11.200 re-entry of the password at signing). The state of a subject's eligibility — signed, stale,
 * ready to randomize — is computed, never stored, so it cannot drift from the episodes it describes.
 */
import { randomUUID } from 'node:crypto';
import {
  type Blocker,
  type BlockerCode,
  ELIGIBILITY_MEANING,
  type EligibilityState,
  type Signature,
} from '../../contracts/index.ts';
import { actorOf, type Principal, requireRole } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import { currentEpisodeRow } from './screening.ts';
import { subjectFor } from './subjects.ts';

export { ELIGIBILITY_MEANING };

export type SignatureView = Signature;

export interface SignatureRow {
  id: string;
  episode_id: string;
  signer_id: string;
  signer_name: string;
  meaning: string;
  result_sha256: string;
  signed_at: string;
}

const view = (r: SignatureRow): SignatureView => ({
  id: r.id,
  episodeId: r.episode_id,
  signerId: r.signer_id,
  signerName: r.signer_name,
  meaning: r.meaning,
  resultSha256: r.result_sha256,
  signedAt: r.signed_at,
});

/**
 * Signs the current episode. `passwordVerified` is the caller's check of the re-entered password
 * (done outside the transaction: argon2 is slow on purpose). `resultSha256` is the hash of the result
 * the investigator was shown: when the data changed meanwhile, the signature is refused (409).
 */
export async function signEligibility(
  tx: Sql,
  who: Principal,
  at: Date,
  subjectId: string,
  input: { resultSha256: string; meaning: string; passwordVerified: boolean },
): Promise<SignatureView> {
  const { row } = await subjectFor(tx, who, subjectId, true);
  requireRole(who, ['investigator'], row.site_id);
  if (!input.passwordVerified)
    throw new TrialError(
      'unauthenticated',
      'password: the password re-entered for the signature is not correct',
    );
  if (input.meaning !== ELIGIBILITY_MEANING)
    throw new TrialError(
      'invalid',
      `meaning: expected "${ELIGIBILITY_MEANING}", got ${JSON.stringify(input.meaning)}`,
      {
        fields: [{ path: 'meaning', message: `expected "${ELIGIBILITY_MEANING}"` }],
      },
    );
  if (row.status === 'randomized' || row.status === 'withdrawn')
    throw new TrialError('refused', `subject ${row.study_id} is ${row.status}`);
  const episode = await currentEpisodeRow(tx, row.id);
  if (!episode) throw new TrialError('refused', `subject ${row.study_id} has not been screened`);
  if (episode.result_sha256 !== input.resultSha256)
    throw new TrialError(
      'conflict',
      'the screening result changed since you opened it: review the current result and sign again',
      {
        currentResultSha256: episode.result_sha256,
      },
    );
  if (episode.overall !== 'eligible')
    throw new TrialError(
      'refused',
      `the current screening result is ${episode.overall}${episode.failing.length ? ` (not met: ${episode.failing.join(', ')})` : ''}: only an eligible result can be signed`,
      {
        overall: episode.overall,
        failing: episode.failing,
      },
    );
  const id = randomUUID();
  await tx.query(
    `INSERT INTO signature (id, subject_id, episode_id, signer_id, signer_name, meaning, result_sha256, signed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      row.id,
      episode.id,
      who.userId,
      who.displayName,
      input.meaning,
      episode.result_sha256,
      at.toISOString(),
    ],
  );
  await recordAudit(tx, actorOf(who, 'investigator', row.site_id), at, {
    action: 'signature.sign',
    entityType: 'signature',
    entityId: id,
    subjectId: row.id,
    siteId: row.site_id,
    changes: {
      meaning: { before: null, after: input.meaning },
      episode: { before: null, after: episode.number },
      resultSha256: { before: null, after: episode.result_sha256 },
    },
  });
  return view({
    id,
    episode_id: episode.id,
    signer_id: who.userId,
    signer_name: who.displayName,
    meaning: input.meaning,
    result_sha256: episode.result_sha256,
    signed_at: at.toISOString(),
  });
}

export type { Blocker, BlockerCode, EligibilityState };

/** The columns of a screening episode that eligibility needs (not the result: kilobytes of evidence). */
export interface EpisodeFacts {
  id: string;
  number: number;
  as_of: string;
  overall: 'eligible' | 'ineligible' | 'incomplete';
  failing: string[];
  result_sha256: string;
  stratification: Record<string, string>;
}

/** Eligibility as randomization sees it on `today`. */
export async function eligibilityState(
  sql: Sql,
  subjectId: string,
  today: string,
): Promise<EligibilityState> {
  // Not the result itself (kilobytes of evidence): randomization asks this under its locks.
  const episode = (
    await sql.query<EpisodeFacts>(
      'SELECT id, number, as_of, overall, failing, result_sha256, stratification FROM screening_episode WHERE subject_id = $1 ORDER BY number DESC LIMIT 1',
      [subjectId],
    )
  ).rows[0];
  const signature = episode
    ? (
        await sql.query<SignatureRow>(
          'SELECT * FROM signature WHERE episode_id = $1 ORDER BY signed_at DESC LIMIT 1',
          [episode.id],
        )
      ).rows[0]
    : undefined;
  return eligibilityOf(episode, signature, today);
}

/**
 * Eligibility from the subject's latest episode and that episode's latest signature, as read by
 * `eligibilityState` or, for a whole batch of randomizations at once, by src/store/randomization.
 */
export function eligibilityOf(
  episode: EpisodeFacts | undefined,
  signature: SignatureRow | undefined,
  today: string,
): EligibilityState {
  if (!episode)
    return {
      overall: 'not_screened',
      episodeId: null,
      episodeNumber: null,
      asOf: null,
      resultSha256: null,
      signature: null,
      stratification: {},
      blockers: [{ code: 'not_screened', message: 'not screened' }],
    };
  const blockers: Blocker[] = [];
  if (episode.overall !== 'eligible')
    blockers.push({
      code: 'not_eligible',
      message: `screening result is ${episode.overall}${episode.failing.length ? ` (not met: ${episode.failing.join(', ')})` : ''}`,
    });
  if (!signature)
    blockers.push({
      code: 'not_signed',
      message: 'the current screening result is not signed by an investigator',
    });
  else if (signature.result_sha256 !== episode.result_sha256)
    blockers.push({ code: 'signature_stale', message: 'the signature does not match the current result' });
  // Windows (28 days, washouts) are counted back from the as-of date: a result as of another day is stale.
  if (episode.as_of !== today)
    blockers.push({
      code: 'not_today',
      message: `the result is as of ${episode.as_of}, not today (${today}): re-screen as of today and sign again`,
    });
  return {
    overall: episode.overall,
    episodeId: episode.id,
    episodeNumber: episode.number,
    asOf: episode.as_of,
    resultSha256: episode.result_sha256,
    signature: signature ? view(signature) : null,
    stratification: episode.stratification,
    blockers,
  };
}
