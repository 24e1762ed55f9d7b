/** The changes that re-screen a subject: a document uploaded or removed, a lab result entered, answers given. */
import { randomUUID } from 'node:crypto';
import { convertUnit } from '../clinical/index.ts';
import type { LabDefinition } from '../eligibility/terminology-schema.ts';
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
import { activeDocuments, attestationsOf, patientIdOf, resourcesOf } from './screening-inputs.ts';
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

export interface LabResultInput {
  labId: string;
  value: number;
  unit: string;
  /** YYYY-MM-DD, the day the sample was taken. */
  date: string;
}

const invalid = (path: string, message: string) =>
  new TrialError('invalid', `${path}: ${message}`, { fields: [{ path: `body.${path}`, message }] });

/** Labs a coordinator can type in: those with a canonical unit to convert the entered value to. */
export const enterableLabs = (labs: readonly LabDefinition[]) =>
  labs.filter((l): l is LabDefinition & { unit: string } => l.unit !== undefined);

/** Checks an entered lab result against the protocol's lab terminology; returns the lab it names. */
export function checkLabResult(
  labs: readonly LabDefinition[],
  today: string,
  input: LabResultInput,
): LabDefinition & { unit: string } {
  const enterable = enterableLabs(labs);
  const lab = enterable.find((l) => l.id === input.labId);
  if (!lab)
    throw invalid(
      'labId',
      `unknown lab '${input.labId}'; valid IDs: ${enterable.map((l) => l.id).join(', ')}`,
    );
  if (!Number.isFinite(input.value)) throw invalid('value', 'expected a finite number');
  const day = new Date(`${input.date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date) || day.toISOString().slice(0, 10) !== input.date)
    throw invalid('date', `'${input.date}' is not a date (YYYY-MM-DD)`);
  if (input.date > today) throw invalid('date', `${input.date} is in the future (today is ${today})`);
  const converted = convertUnit(input.value, input.unit, lab.unit, { molarMass: lab.molarMass });
  if (!converted.ok)
    throw invalid(
      'unit',
      `unit '${input.unit}' cannot be converted to ${lab.name}'s unit '${lab.unit}' (${converted.message})`,
    );
  const { min, max } = lab.possible ?? {};
  if ((min !== undefined && converted.value < min) || (max !== undefined && converted.value > max))
    throw invalid(
      'value',
      `${converted.value} ${lab.unit} is not a possible ${lab.name} (${min ?? '…'} to ${max ?? '…'} ${lab.unit})`,
    );
  return lab;
}

/** A FHIR R4 laboratory Observation of an entered result, about the subject's FHIR Patient. */
export function labObservation(lab: LabDefinition, patientId: string, input: LabResultInput) {
  return {
    resourceType: 'Observation',
    id: randomUUID(),
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
            display: 'Laboratory',
          },
        ],
      },
    ],
    code: {
      coding: lab.loinc.map((code) => ({ system: 'http://loinc.org', code })),
      text: lab.name,
    },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: input.date,
    valueQuantity: {
      value: input.value,
      unit: input.unit,
      system: 'http://unitsofmeasure.org',
      code: input.unit,
    },
  };
}

/**
 * A lab result typed into the form becomes one FHIR Observation stored as a document, so that it is
 * audited, removable and read by screening exactly like an uploaded one.
 */
export async function enterLabResult(
  tx: Sql,
  who: Principal,
  at: Date,
  context: ScreeningContext,
  subjectId: string,
  input: LabResultInput,
) {
  const { row } = await subjectFor(tx, who, subjectId, true);
  requireRole(who, SITE_EDITORS, row.site_id);
  refuseIfClosed(row);
  const lab = checkLabResult(context.protocol.terminologySource.labs, context.today, input);
  // Documents are grouped by patient: the Observation must name the Patient already uploaded.
  const patientId = patientIdOf(await activeDocuments(tx, row.id));
  if (patientId === null)
    throw new TrialError(
      'refused',
      "the subject has no FHIR Patient yet: upload the patient's FHIR data first, then enter lab results",
    );
  return addDocument(tx, who, at, context, subjectId, {
    fileName: `entered lab: ${lab.id} ${input.date}`,
    mediaType: 'application/fhir+json',
    content: labObservation(lab, patientId, input),
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
