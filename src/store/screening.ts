/**
 * Screening: the subject's clinical documents (FHIR) and attestations in, the eligibility engine's
 * result out — stored as an episode with its evidence and hashes, re-run whenever an input changes.
 * The investigator's signature binds to one episode's result hash; a later episode (new data, new
 * answers, another as-of date) leaves that signature behind, so it no longer counts.
 */
import { randomUUID } from 'node:crypto';
import type { PatientFacts, ScreeningAnswer, ScreeningResult } from '../eligibility/index.ts';
import { emptyPatientFacts, screenPatient } from '../eligibility/index.ts';
import { factsFromResources } from '../fhir/index.ts';
import type { Protocol } from '../protocol/index.ts';
import { actorOf, type Principal, type Role, requireRole } from './access.ts';
import { canonicalJson, recordAudit, sha256 } from './audit.ts';
import type { Sql } from './database.ts';
import { TrialError } from './errors.ts';
import { answerSchemaFor } from './linkids.ts';
import { SITE_EDITORS, type SubjectRow, setStatus, subjectFor } from './subjects.ts';

export interface ScreeningContext {
  protocol: Protocol;
  /** Today in the trial's time zone (YYYY-MM-DD): the default as-of date and the randomization date. */
  today: string;
}

export interface Episode {
  id: string;
  number: number;
  asOf: string;
  overall: ScreeningResult['overall'];
  failing: string[];
  result: ScreeningResult;
  resultSha256: string;
  screenedAt: string;
}

interface EpisodeRow {
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

const episodeView = (r: EpisodeRow): Episode => ({
  id: r.id,
  number: r.number,
  asOf: r.as_of,
  overall: r.overall,
  failing: r.failing,
  result: r.result,
  resultSha256: r.result_sha256,
  screenedAt: r.screened_at,
});

function refuseIfClosed(row: SubjectRow): void {
  if (row.status === 'randomized' || row.status === 'withdrawn')
    throw new TrialError(
      'refused',
      `subject ${row.study_id} is ${row.status}: its screening data are closed`,
    );
}

/** A FHIR Bundle's entries, or NDJSON/array resources, as a list of resources. */
export function resourcesOf(content: unknown, fileName: string): unknown[] {
  if (Array.isArray(content)) return content;
  if (
    content &&
    typeof content === 'object' &&
    (content as { resourceType?: unknown }).resourceType === 'Bundle'
  ) {
    const entries = (content as { entry?: unknown }).entry;
    if (!Array.isArray(entries))
      throw new TrialError('invalid', `${fileName}: Bundle.entry: expected an array of entries`);
    return entries.map((e, i) => {
      const resource = (e as { resource?: unknown } | null)?.resource;
      if (!resource || typeof resource !== 'object')
        throw new TrialError('invalid', `${fileName}: Bundle.entry[${i}].resource: expected a FHIR resource`);
      return resource;
    });
  }
  if (
    content &&
    typeof content === 'object' &&
    typeof (content as { resourceType?: unknown }).resourceType === 'string'
  )
    return [content];
  throw new TrialError(
    'invalid',
    `${fileName}: expected a FHIR Bundle, a FHIR resource, or NDJSON of resources`,
  );
}

interface DocumentRow {
  id: string;
  file_name: string;
  sha256: string;
  resources: unknown[];
}

async function activeDocuments(sql: Sql, subjectId: string): Promise<DocumentRow[]> {
  return (
    await sql.query<DocumentRow>(
      'SELECT id, file_name, sha256, resources FROM subject_document WHERE subject_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id',
      [subjectId],
    )
  ).rows;
}

/** The facts of all of a subject's documents together; refuses documents about more than one patient. */
function factsOf(documents: DocumentRow[], subjectId: string): { facts: PatientFacts; warnings: string[] } {
  const { patients, errors } = factsFromResources(
    documents.flatMap((d) => d.resources.map((resource, i) => ({ resource, source: `${d.file_name}#${i}` }))),
  );
  if (patients.length > 1)
    throw new TrialError(
      'refused',
      `the documents describe ${patients.length} patients (${patients.map((p) => p.patientId).join(', ')}); a subject's documents must all be about one patient`,
    );
  const facts = patients[0] ?? emptyPatientFacts(subjectId);
  return { facts, warnings: errors.map((e) => `${e.source}: ${e.message}`) };
}

/** Stratification factors the screening answered (planned-mki): the newest answer on or before T0. */
function stratificationAnswers(answers: readonly ScreeningAnswer[], asOf: string): Record<string, string> {
  const latest = answers
    .filter(
      (a) => a.linkId === 'planned-mki' && a.value.kind === 'code' && (!a.authored || a.authored <= asOf),
    )
    .sort((a, b) => (a.authored ?? '').localeCompare(b.authored ?? ''))
    .at(-1);
  return latest ? { 'planned-mki': String(latest.value.value) } : {};
}

interface AttestationRow {
  id: string;
  link_id: string;
  value: ScreeningAnswer['value'];
  attested_at: string;
  display_name: string;
}

async function attestationsOf(sql: Sql, subjectId: string): Promise<AttestationRow[]> {
  return (
    await sql.query<AttestationRow>(
      `SELECT a.id, a.link_id, a.value, a.attested_at, u.display_name
         FROM attestation a JOIN app_user u ON u.id = a.attested_by
        WHERE a.subject_id = $1 ORDER BY a.attested_at, a.id`,
      [subjectId],
    )
  ).rows;
}

async function siteAccrual(sql: Sql, siteId: string): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ arm: string; n: number }>(
    'SELECT a.arm, count(*)::int AS n FROM allocation a JOIN subject s ON s.id = a.subject_id WHERE s.site_id = $1 GROUP BY a.arm',
    [siteId],
  );
  return Object.fromEntries(rows.map((r) => [r.arm, r.n]));
}

async function currentEpisodeRow(sql: Sql, subjectId: string): Promise<EpisodeRow | null> {
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
async function runScreening(
  tx: Sql,
  who: Principal,
  role: Role,
  at: Date,
  context: ScreeningContext,
  row: SubjectRow,
  asOf: string,
): Promise<{ episode: Episode; warnings: string[]; created: boolean }> {
  const documents = await activeDocuments(tx, row.id);
  const { facts, warnings } = factsOf(documents, row.id);
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
  const stratification = stratificationAnswers(allAnswers, asOf);
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

export interface NewDocument {
  fileName: string;
  mediaType: 'application/fhir+json' | 'application/fhir+ndjson';
  content: unknown;
}

export async function addDocument(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  doc: NewDocument,
) {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
  const resources = resourcesOf(doc.content, doc.fileName);
  const id = randomUUID();
  const hash = sha256(canonicalJson(resources));
  await tx.query(
    `INSERT INTO subject_document (id, subject_id, file_name, media_type, sha256, resources, resource_count, uploaded_at, uploaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      id,
      row.id,
      doc.fileName,
      doc.mediaType,
      hash,
      JSON.stringify(resources),
      resources.length,
      at.toISOString(),
      who.userId,
    ],
  );
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: 'document.upload',
    entityType: 'subject_document',
    entityId: id,
    subjectId: row.id,
    siteId: row.site_id,
    changes: {
      fileName: { before: null, after: doc.fileName },
      sha256: { before: null, after: hash },
      resources: { before: null, after: resources.length },
    },
  });
  const screening = await runScreening(
    tx,
    who,
    role,
    at,
    context,
    row,
    asOfFor(await currentEpisodeRow(tx, row.id), context),
  );
  return { documentId: id, resourceCount: resources.length, sha256: hash, ...screening };
}

export async function removeDocument(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  documentId: string,
  reason: string,
) {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
  const removed = await tx.query(
    'UPDATE subject_document SET removed_at = $3, removed_by = $4, removal_reason = $5 WHERE id = $1 AND subject_id = $2 AND removed_at IS NULL',
    [documentId, row.id, at.toISOString(), who.userId, reason],
  );
  if (!removed.rowCount) throw new TrialError('not_found', 'document not found');
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: 'document.remove',
    entityType: 'subject_document',
    entityId: documentId,
    subjectId: row.id,
    siteId: row.site_id,
    changes: { removed: { before: false, after: true } },
    reason,
  });
  return runScreening(tx, who, role, at, context, row, asOfFor(await currentEpisodeRow(tx, row.id), context));
}

/** Keep the as-of date the user chose, unless it has passed (then today). */
const asOfFor = (current: EpisodeRow | null, context: ScreeningContext): string =>
  current && current.as_of >= context.today ? current.as_of : context.today;

export interface AnswerInput {
  linkId: string;
  value: boolean | string;
  comment?: string;
}

export async function attest(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  answers: AnswerInput[],
  reason: string | undefined,
) {
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
  const previous = new Map((await attestationsOf(tx, row.id)).map((a) => [a.link_id, a.value]));
  const converted = answers.map((a, i) => ({
    ...a,
    typed: answerSchemaFor(context.protocol, a.linkId, a.value, `answers.${i}`),
  }));
  const changing = converted.filter(
    (a) => previous.has(a.linkId) && canonicalJson(previous.get(a.linkId)) !== canonicalJson(a.typed),
  );
  if (changing.length && !reason?.trim())
    throw new TrialError(
      'invalid',
      `reason: required when changing an answer already given (${changing.map((a) => a.linkId).join(', ')})`,
      {
        fields: [{ path: 'reason', message: 'required when changing submitted answers' }],
      },
    );
  for (const a of converted) {
    const id = randomUUID();
    await tx.query(
      'INSERT INTO attestation (id, subject_id, link_id, value, comment, attested_at, attested_by) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, row.id, a.linkId, JSON.stringify(a.typed), a.comment ?? null, at.toISOString(), who.userId],
    );
    await recordAudit(tx, actorOf(who, role, row.site_id), at, {
      action: 'attestation.record',
      entityType: 'attestation',
      entityId: id,
      subjectId: row.id,
      siteId: row.site_id,
      changes: { [a.linkId]: { before: previous.get(a.linkId) ?? null, after: a.typed } },
      reason: previous.has(a.linkId) ? (reason ?? null) : null,
    });
  }
  return runScreening(tx, who, role, at, context, row, asOfFor(await currentEpisodeRow(tx, row.id), context));
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
  const { row } = await subjectFor(tx, who, subjectId, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
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

export { currentEpisodeRow };
