/** The changes that re-screen a subject: a document uploaded or removed, a lab result entered, answers given. */
import { randomUUID } from 'node:crypto';
import { convertUnit } from '../../clinical/index.ts';
import { inputAt } from '../../contracts/index.ts';
import type { LabDefinition } from '../../eligibility/index.ts';
import { labCollection, labObservation, sourcePatients, uploadedResources } from '../../fhir/index.ts';
import { actorOf, type Principal } from '../access.ts';
import { canonicalJson, recordAudit, sha256 } from '../audit.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';
import { duplicatesOfSubject } from './duplicates.ts';
import {
  identifierKeys,
  identityMismatches,
  mismatchConfirmation,
  recordIdentifierKeys,
  refuseMismatches,
} from './identity.ts';
import { answerSchemaFor } from './linkids.ts';
import {
  currentEpisodeRow,
  type EpisodeRow,
  openScreening,
  runScreening,
  type ScreeningContext,
} from './screening.ts';
import { activeDocuments, attestationsOf, patientIdOf } from './screening-inputs.ts';

export interface NewDocument {
  fileName: string;
  mediaType: 'application/fhir+json' | 'application/fhir+ndjson';
  content: unknown;
  /** A person's reason why the file's patient is the subject although they differ (see identity.ts). */
  identityMismatchReason?: string;
}

export async function addDocument(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  doc: NewDocument,
) {
  const { row, role } = await openScreening(tx, who, subjectId);
  // The file read as its media type says; a malformed one names its path in the request body.
  const resources = inputAt('body', () => uploadedResources(doc.fileName, doc.mediaType, doc.content));
  // Every upload's patient is compared with the subject — the first one as much as any later one.
  const patients = sourcePatients(resources);
  const subject = { initials: row.initials, birthDate: row.birth_date, sex: row.sex };
  const mismatches = patients.flatMap((p) => identityMismatches(subject, p));
  const confirmed = refuseMismatches(mismatches, doc.identityMismatchReason, doc.fileName);
  const id = randomUUID();
  const hash = sha256(canonicalJson(resources));
  await tx.query(
    `INSERT INTO subject_document (id, subject_id, file_name, media_type, sha256, resources, resource_count, uploaded_at, uploaded_by, identity_confirmation, identifiers_hashed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true)`,
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
      confirmed,
    ],
  );
  await recordIdentifierKeys(tx, row.id, id, identifierKeys(context.identity, patients));
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
      ...(confirmed ? mismatchConfirmation(mismatches, confirmed) : {}),
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
  const possibleDuplicates = await duplicatesOfSubject(tx, who, row);
  return { documentId: id, resourceCount: resources.length, sha256: hash, possibleDuplicates, ...screening };
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
  const { row, role } = await openScreening(tx, who, subjectId);
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

export interface LabResultInput {
  labId: string;
  value: number;
  unit: string;
  /** YYYY-MM-DD, the day the sample was taken. */
  date: string;
}

/** Several results of one sample date, entered together (one upload, one re-screen). */
export interface LabPanelInput {
  /** YYYY-MM-DD, the day the samples were taken. */
  date: string;
  results: { labId: string; value: number; unit: string }[];
}

const invalid = (path: string, message: string) =>
  new TrialError('invalid', `${path}: ${message}`, { fields: [{ path: `body.${path}`, message }] });

/** Labs a coordinator can type in: those with a canonical unit to convert the entered value to. */
export const enterableLabs = (labs: readonly LabDefinition[]) =>
  labs.filter((l): l is LabDefinition & { unit: string } => l.unit !== undefined);

function checkSampleDate(date: string, today: string, path: string): void {
  const day = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(day.getTime()) ||
    day.toISOString().slice(0, 10) !== date
  )
    throw invalid(path, `'${date}' is not a date (YYYY-MM-DD)`);
  if (date > today) throw invalid(path, `${date} is in the future (today is ${today})`);
}

/**
 * Checks one entered result against the protocol's lab terminology; returns the lab it names. `at` is
 * the field path prefix of the result in the request ('' or 'results.2.').
 */
function checkResult(
  labs: readonly LabDefinition[],
  input: { labId: string; value: number; unit: string },
  at = '',
): LabDefinition & { unit: string } {
  const enterable = enterableLabs(labs);
  const lab = enterable.find((l) => l.id === input.labId);
  if (!lab)
    throw invalid(
      `${at}labId`,
      `unknown lab '${input.labId}'; valid IDs: ${enterable.map((l) => l.id).join(', ')}`,
    );
  if (!Number.isFinite(input.value)) throw invalid(`${at}value`, 'expected a finite number');
  const converted = convertUnit(input.value, input.unit, lab.unit, { molarMass: lab.molarMass });
  if (!converted.ok)
    throw invalid(
      `${at}unit`,
      `unit '${input.unit}' cannot be converted to ${lab.name}'s unit '${lab.unit}' (${converted.message})`,
    );
  const { min, max } = lab.possible ?? {};
  if ((min !== undefined && converted.value < min) || (max !== undefined && converted.value > max))
    throw invalid(
      `${at}value`,
      `${converted.value} ${lab.unit} is not a possible ${lab.name} (${min ?? '…'} to ${max ?? '…'} ${lab.unit})`,
    );
  return lab;
}

/** Checks an entered lab result against the protocol's lab terminology; returns the lab it names. */
export function checkLabResult(
  labs: readonly LabDefinition[],
  today: string,
  input: LabResultInput,
): LabDefinition & { unit: string } {
  const lab = checkResult(labs, input);
  checkSampleDate(input.date, today, 'date');
  return lab;
}

/** Checks a lab panel: the date, at least one result, each lab once, every result as checkLabResult does. */
export function checkLabPanel(
  labs: readonly LabDefinition[],
  today: string,
  input: LabPanelInput,
): (LabDefinition & { unit: string })[] {
  checkSampleDate(input.date, today, 'date');
  if (!input.results.length) throw invalid('results', 'expected at least one result');
  const seen = new Map<string, number>();
  return input.results.map((result, i) => {
    const first = seen.get(result.labId);
    if (first !== undefined)
      throw invalid(
        `results.${i}.labId`,
        `'${result.labId}' is entered twice (results ${first} and ${i}); one result per lab and date`,
      );
    seen.set(result.labId, i);
    return checkResult(labs, result, `results.${i}.`);
  });
}

/**
 * Lab results typed into the form become FHIR Observations stored as one document, so that they are
 * audited, removable and read by screening exactly like uploaded ones.
 */
export const enterLabPanel = (
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  input: LabPanelInput,
) =>
  storeEnteredLabs(tx, who, at, context, subjectId, input, () =>
    checkLabPanel(context.protocol.terminologySource.labs, context.today, input),
  );

/** One lab result entered on its own (its errors name the fields of the one-result request). */
export const enterLabResult = (
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  { date, ...result }: LabResultInput,
) =>
  storeEnteredLabs(tx, who, at, context, subjectId, { date, results: [result] }, () => [
    checkLabResult(context.protocol.terminologySource.labs, context.today, { date, ...result }),
  ]);

async function storeEnteredLabs(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  input: LabPanelInput,
  check: () => LabDefinition[],
) {
  const { row } = await openScreening(tx, who, subjectId);
  const labs = check();
  // Documents are grouped by patient: the Observations must name the Patient already uploaded.
  const patientId = patientIdOf(await activeDocuments(tx, row.id));
  if (patientId === null)
    throw new TrialError(
      'refused',
      "the subject has no FHIR Patient yet: upload the patient's FHIR data first, then enter lab results",
    );
  const observations = input.results.map((result, i) =>
    labObservation(labs[i] as LabDefinition, patientId, { ...result, date: input.date }),
  );
  const single = observations.length === 1;
  return addDocument(tx, who, at, context, subjectId, {
    fileName: single
      ? `entered lab: ${labs[0]?.id} ${input.date}`
      : `entered labs: ${labs.map((l) => l.id).join(', ')} ${input.date}`,
    mediaType: 'application/fhir+json',
    content: single ? observations[0] : labCollection(observations),
  });
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
  const { row, role } = await openScreening(tx, who, subjectId);
  const given = new Map((await attestationsOf(tx, row.id)).map((a) => [a.link_id, a]));
  const previous = new Map([...given].map(([linkId, a]) => [linkId, a.value]));
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
      changes: {
        [a.linkId]: { before: previous.get(a.linkId) ?? null, after: a.typed },
        // The comment is part of the answer: audited with it (before/after, as any field).
        ...(a.comment || given.get(a.linkId)?.comment
          ? { comment: { before: given.get(a.linkId)?.comment ?? null, after: a.comment ?? null } }
          : {}),
      },
      reason: previous.has(a.linkId) ? (reason ?? null) : null,
    });
  }
  return runScreening(tx, who, role, at, context, row, asOfFor(await currentEpisodeRow(tx, row.id), context));
}
