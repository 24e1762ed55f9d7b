/**
 * Subjects: created at a site by its coordinator or investigator, identified publicly by a study ID
 * (`NCT05168163-<site code>-<nnn>`) and in URLs by a random UUID, so IDs cannot be enumerated. PHI is
 * kept minimal (initials, birth date, sex). Every read goes through `subjectFor`, which answers
 * "not found" for subjects outside the caller's sites — the same answer as for IDs that do not exist.
 */
import { randomUUID } from 'node:crypto';
import type {
  NewSubjectBody,
  PossibleDuplicate,
  Sex,
  Subject,
  SubjectStatus,
} from '../../contracts/index.ts';
import { sourcePatients } from '../../fhir/index.ts';
import { actorOf, canSeeSite, type Principal, requireRole, visibleSites } from '../access.ts';
import { fieldChanges, recordAudit } from '../audit.ts';
import type { Sql } from '../database.ts';
import { notFound, staleVersion, TrialError } from '../errors.ts';
import { duplicatesOfNewSubject } from './duplicates.ts';
import { type IdentityKeys, identityMismatches, mismatchConfirmation, refuseMismatches } from './identity.ts';
import { activeDocuments } from './screening-inputs.ts';

export { SUBJECT_STATUSES } from '../../contracts/index.ts';
export type { Sex, SubjectStatus };

export interface SubjectRow {
  id: string;
  study_id: string;
  site_id: string;
  initials: string;
  birth_date: string;
  sex: Sex;
  status: SubjectStatus;
  stratification: Record<string, string>;
  withdrawal_reason: string | null;
  created_at: string;
  created_by: string;
  version: number;
  demographics_key: string | null;
}

export type SubjectView = Subject;

export const subjectView = (r: SubjectRow): SubjectView => ({
  id: r.id,
  studyId: r.study_id,
  siteId: r.site_id,
  initials: r.initials,
  birthDate: r.birth_date,
  sex: r.sex,
  status: r.status,
  withdrawalReason: r.withdrawal_reason,
  createdAt: r.created_at,
  version: r.version,
});

/** Site staff who enter data for a subject. */
export const SITE_EDITORS = ['coordinator', 'investigator'] as const;

export type NewSubject = NewSubjectBody;

export async function createSubject(
  tx: Sql,
  who: Principal,
  at: Date,
  input: NewSubject,
  protocolId: string,
  identity: IdentityKeys,
): Promise<SubjectView & { possibleDuplicates: PossibleDuplicate[] }> {
  const role = requireRole(who, SITE_EDITORS, input.siteId);
  const site = (
    await tx.query<{ code: string; next_subject_number: number; recruiting_status: string }>(
      'SELECT code, next_subject_number, recruiting_status FROM site WHERE id = $1 FOR UPDATE',
      [input.siteId],
    )
  ).rows[0];
  if (!site)
    throw new TrialError('invalid', `siteId: unknown site "${input.siteId}"`, {
      fields: [{ path: 'siteId', message: 'unknown site' }],
    });
  if (site.recruiting_status !== 'RECRUITING')
    throw new TrialError(
      'refused',
      `site ${input.siteId} is ${site.recruiting_status}, not RECRUITING: no new subjects`,
    );
  if (input.birthDate > at.toISOString().slice(0, 10))
    throw new TrialError('invalid', `birthDate: ${input.birthDate} is in the future`, {
      fields: [{ path: 'birthDate', message: 'in the future' }],
    });
  const id = randomUUID();
  const studyId = `${protocolId}-${site.code}-${String(site.next_subject_number).padStart(3, '0')}`;
  const demographicsKey = identity.demographics(input);
  await tx.query('UPDATE site SET next_subject_number = next_subject_number + 1 WHERE id = $1', [
    input.siteId,
  ]);
  await tx.query(
    `INSERT INTO subject (id, study_id, site_id, initials, birth_date, sex, status, created_at, created_by, demographics_key)
     VALUES ($1, $2, $3, $4, $5, $6, 'screening', $7, $8, $9)`,
    [
      id,
      studyId,
      input.siteId,
      input.initials,
      input.birthDate,
      input.sex,
      at.toISOString(),
      who.userId,
      demographicsKey,
    ],
  );
  await recordAudit(tx, actorOf(who, role, input.siteId), at, {
    action: 'subject.create',
    entityType: 'subject',
    entityId: id,
    subjectId: id,
    changes: fieldChanges(null, {
      studyId,
      siteId: input.siteId,
      initials: input.initials,
      birthDate: input.birthDate,
      sex: input.sex,
      status: 'screening',
    }),
  });
  const possibleDuplicates = await duplicatesOfNewSubject(tx, who, input.siteId, demographicsKey, id);
  return { ...(await subjectFor(tx, who, id)).view, possibleDuplicates };
}

/** Subjects a new subject with these facts would duplicate (any site); nothing is stored. */
export async function duplicatesOfNewSubjectFacts(
  sql: Sql,
  who: Principal,
  input: NewSubject,
  identity: IdentityKeys,
): Promise<PossibleDuplicate[]> {
  requireRole(who, SITE_EDITORS, input.siteId);
  return duplicatesOfNewSubject(sql, who, input.siteId, identity.demographics(input));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `id` can name a subject at all (anything else is "not found" without asking the database). */
export const isSubjectId = (id: string): boolean => UUID.test(id);

/** The subject if the caller may see it; 404 otherwise. `lock` takes its row lock (writes). */
export async function subjectFor(
  sql: Sql,
  who: Principal,
  id: string,
  lock = false,
): Promise<{ row: SubjectRow; view: SubjectView }> {
  if (!UUID.test(id)) throw notFound('subject');
  const row = (
    await sql.query<SubjectRow>(`SELECT * FROM subject WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])
  ).rows[0];
  if (!row || !canSeeSite(who, row.site_id)) throw notFound('subject');
  return { row, view: subjectView(row) };
}

export interface SubjectFilter {
  siteId?: string;
  status?: SubjectStatus;
  studyId?: string;
}

export async function listSubjects(
  sql: Sql,
  who: Principal,
  filter: SubjectFilter = {},
): Promise<SubjectView[]> {
  const sites = visibleSites(who);
  const where: string[] = [];
  const params: unknown[] = [];
  if (sites !== 'all') {
    params.push(sites);
    where.push(`site_id = ANY($${params.length})`);
  }
  if (filter.siteId) {
    params.push(filter.siteId);
    where.push(`site_id = $${params.length}`);
  }
  if (filter.status) {
    params.push(filter.status);
    where.push(`status = $${params.length}`);
  }
  if (filter.studyId) {
    params.push(filter.studyId);
    where.push(`study_id = $${params.length}`);
  }
  const { rows } = await sql.query<SubjectRow>(
    `SELECT * FROM subject ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY study_id`,
    params,
  );
  return rows.map(subjectView);
}

export interface SubjectUpdate {
  version: number;
  initials?: string;
  birthDate?: string;
  sex?: Sex;
  /** Required: the subject's data were submitted when it was created. */
  reason: string;
  /** Why the uploaded records' patient is this subject although they differ from the corrected identity. */
  identityMismatchReason?: string;
}

export async function updateSubject(
  tx: Sql,
  who: Principal,
  at: Date,
  id: string,
  update: SubjectUpdate,
  identity: IdentityKeys,
): Promise<SubjectView> {
  const { row } = await subjectFor(tx, who, id, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  if (row.version !== update.version) throw staleVersion('subject', update.version, row.version);
  if (row.status === 'randomized')
    throw new TrialError('refused', "a randomized subject's identity is fixed; contact the data manager");
  const after = {
    initials: update.initials ?? row.initials,
    birthDate: update.birthDate ?? row.birth_date,
    sex: update.sex ?? row.sex,
  };
  // The corrected identity must still be the patient of the uploaded records (or a person says why).
  const patients = sourcePatients((await activeDocuments(tx, id)).flatMap((d) => d.resources));
  const mismatches = patients.flatMap((p) => identityMismatches(after, p));
  const confirmed = refuseMismatches(mismatches, update.identityMismatchReason, 'the uploaded records');
  await tx.query(
    'UPDATE subject SET initials = $2, birth_date = $3, sex = $4, demographics_key = $5, version = version + 1 WHERE id = $1',
    [id, after.initials, after.birthDate, after.sex, identity.demographics(after)],
  );
  await recordAudit(tx, actorOf(who, role, row.site_id), at, {
    action: 'subject.update',
    entityType: 'subject',
    entityId: id,
    subjectId: id,
    changes: {
      ...fieldChanges({ initials: row.initials, birthDate: row.birth_date, sex: row.sex }, after),
      ...(confirmed ? mismatchConfirmation(mismatches, confirmed) : {}),
    },
    reason: update.reason,
  });
  return (await subjectFor(tx, who, id)).view;
}

/** Withdrawal before randomization (after it, the subject stays in the intention-to-treat set). */
export async function withdrawSubject(
  tx: Sql,
  who: Principal,
  at: Date,
  id: string,
  input: { version: number; reason: string },
): Promise<SubjectView> {
  const { row } = await subjectFor(tx, who, id, true);
  const role = requireRole(who, SITE_EDITORS, row.site_id);
  if (row.version !== input.version) throw staleVersion('subject', input.version, row.version);
  if (row.status === 'randomized' || row.status === 'withdrawn')
    throw new TrialError(
      'refused',
      `subject ${row.study_id} is ${row.status}: only a subject not yet randomized can be withdrawn from screening`,
    );
  await setStatus(tx, who, role, at, row, 'withdrawn', input.reason, { withdrawal_reason: input.reason });
  return (await subjectFor(tx, who, id)).view;
}

/** Changes a subject's status (and audits it); the caller holds the row lock. */
export async function setStatus(
  tx: Sql,
  who: Principal,
  role: string | null,
  at: Date,
  row: SubjectRow,
  status: SubjectStatus,
  reason: string | null,
  extra: { withdrawal_reason?: string } = {},
): Promise<void> {
  if (row.status === status) return;
  await tx.query(
    'UPDATE subject SET status = $2, withdrawal_reason = coalesce($3, withdrawal_reason), version = version + 1 WHERE id = $1',
    [row.id, status, extra.withdrawal_reason ?? null],
  );
  await recordAudit(tx, actorOf(who, role as never, row.site_id), at, {
    action: 'subject.status',
    entityType: 'subject',
    entityId: row.id,
    subjectId: row.id,
    siteId: row.site_id,
    changes: { status: { before: row.status, after: status } },
    reason,
  });
  row.status = status;
  row.version += 1;
}
