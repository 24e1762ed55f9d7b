/**
 * What a subject's screening holds, for reading: the answers in force (the newest per question, with
 * its comment, author and time) and every uploaded document (removed ones too, marked, with the reason).
 */
import type { AnswerInForce, SubjectDocument } from '../../contracts/index.ts';
import type { Principal } from '../access.ts';
import type { Sql } from '../database.ts';
import { attestationsOf } from './screening-inputs.ts';
import { subjectFor } from './subjects.ts';

export type GivenAnswerView = AnswerInForce;

/** The answers in force: the newest answer to each question. */
export async function subjectAnswers(
  sql: Sql,
  who: Principal,
  subjectId: string,
): Promise<GivenAnswerView[]> {
  const { row } = await subjectFor(sql, who, subjectId);
  const newest = new Map((await attestationsOf(sql, row.id)).map((a) => [a.link_id, a]));
  return [...newest.values()].map((a) => ({
    linkId: a.link_id,
    value: a.value,
    comment: a.comment,
    answeredAt: a.attested_at,
    answeredBy: a.display_name,
  }));
}

export type DocumentView = SubjectDocument;

/** Every document uploaded for the subject, oldest first; removed ones stay listed, marked. */
export async function subjectDocuments(sql: Sql, who: Principal, subjectId: string): Promise<DocumentView[]> {
  const { row } = await subjectFor(sql, who, subjectId);
  const { rows } = await sql.query<{
    id: string;
    file_name: string;
    media_type: string;
    sha256: string;
    resource_count: number;
    uploaded_at: string;
    uploaded_by: string;
    removed_at: string | null;
    removed_by: string | null;
    removal_reason: string | null;
    identity_confirmation: string | null;
  }>(
    `SELECT d.id, d.file_name, d.media_type, d.sha256, d.resource_count, d.uploaded_at,
            up.display_name AS uploaded_by, d.removed_at, rm.display_name AS removed_by, d.removal_reason,
            d.identity_confirmation
       FROM subject_document d
       JOIN app_user up ON up.id = d.uploaded_by
       LEFT JOIN app_user rm ON rm.id = d.removed_by
      WHERE d.subject_id = $1
      ORDER BY d.uploaded_at, d.entry_seq`,
    [row.id],
  );
  return rows.map((d) => ({
    id: d.id,
    fileName: d.file_name,
    mediaType: d.media_type,
    sha256: d.sha256,
    resourceCount: d.resource_count,
    uploadedAt: d.uploaded_at,
    uploadedBy: d.uploaded_by,
    removedAt: d.removed_at,
    removedBy: d.removed_by,
    removalReason: d.removal_reason,
    identityConfirmation: d.identity_confirmation,
  }));
}
