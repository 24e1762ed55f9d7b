/** The changes that re-screen a subject: a document uploaded or removed, answers given. */
import { randomUUID } from 'node:crypto';
import { actorOf, type Principal, requireRole } from './access.ts';
import { canonicalJson, recordAudit, sha256 } from './audit.ts';
import type { Sql } from './database.ts';
import { TrialError } from './errors.ts';
import { answerSchemaFor } from './linkids.ts';
import {
  currentEpisodeRow,
  type EpisodeRow,
  refuseIfClosed,
  runScreening,
  type ScreeningContext,
} from './screening.ts';
import { attestationsOf, resourcesOf } from './screening-inputs.ts';
import { SITE_EDITORS, subjectFor } from './subjects.ts';

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
