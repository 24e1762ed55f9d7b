import type { PatientFacts, QuestionnaireItem, ScreeningAnswer } from '../../eligibility/index.ts';
import { emptyPatientFacts } from '../../eligibility/index.ts';
import { factsFromResources } from '../../fhir/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import type { Sql } from '../database.ts';
import { TrialError } from '../errors.ts';

export interface DocumentRow {
  id: string;
  file_name: string;
  sha256: string;
  resources: unknown[];
}

export async function activeDocuments(sql: Sql, subjectId: string): Promise<DocumentRow[]> {
  return (
    await sql.query<DocumentRow>(
      'SELECT id, file_name, sha256, resources FROM subject_document WHERE subject_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, entry_seq',
      [subjectId],
    )
  ).rows;
}

/**
 * The patients of all of a subject's documents together, QuestionnaireResponses read against the
 * protocol's questionnaire items; refuses documents about more than one patient.
 */
function patientsOf(documents: DocumentRow[], questionnaire?: readonly QuestionnaireItem[]) {
  const { patients, errors } = factsFromResources(
    documents.flatMap((d) => d.resources.map((resource, i) => ({ resource, source: `${d.file_name}#${i}` }))),
    { questionnaire },
  );
  if (patients.length > 1)
    throw new TrialError(
      'refused',
      `the documents describe ${patients.length} patients (${patients.map((p) => p.patientId).join(', ')}); a subject's documents must all be about one patient`,
    );
  return { patient: patients[0], errors };
}

/** The facts of all of a subject's documents together; refuses documents about more than one patient. */
export function factsOf(
  documents: DocumentRow[],
  subjectId: string,
  questionnaire: readonly QuestionnaireItem[],
): { facts: PatientFacts; warnings: string[] } {
  const { patient, errors } = patientsOf(documents, questionnaire);
  const facts = patient ?? emptyPatientFacts(subjectId);
  return { facts, warnings: errors.map((e) => `${e.source}: ${e.message}`) };
}

/** The FHIR Patient id the subject's documents are grouped under, or null before any FHIR data. */
export const patientIdOf = (documents: DocumentRow[]): string | null =>
  patientsOf(documents).patient?.patientId ?? null;

/**
 * Stratification factors the screening answered (planned-mki): for each of the protocol's factors that
 * is a questionnaire item (the loader checked its codes are the factor's levels), the newest answer on
 * or before T0.
 */
export function stratificationAnswers(
  answers: readonly ScreeningAnswer[],
  asOf: string,
  protocol: Pick<Protocol, 'registry' | 'questionnaire'>,
): Record<string, string> {
  const answered: Record<string, string> = {};
  for (const factor of protocol.registry.stratification) {
    if (!protocol.questionnaire.items.some((i) => i.linkId === factor.id)) continue;
    const latest = answers
      .filter((a) => a.linkId === factor.id && a.value.kind === 'code' && (!a.authored || a.authored <= asOf))
      .sort((a, b) => (a.authored ?? '').localeCompare(b.authored ?? ''))
      .at(-1);
    if (latest) answered[factor.id] = String(latest.value.value);
  }
  return answered;
}

export interface AttestationRow {
  id: string;
  link_id: string;
  value: ScreeningAnswer['value'];
  comment: string | null;
  attested_at: string;
  display_name: string;
}

export async function attestationsOf(sql: Sql, subjectId: string): Promise<AttestationRow[]> {
  return (
    await sql.query<AttestationRow>(
      `SELECT a.id, a.link_id, a.value, a.comment, a.attested_at, u.display_name
         FROM attestation a JOIN app_user u ON u.id = a.attested_by
        WHERE a.subject_id = $1 ORDER BY a.attested_at, a.entry_seq`,
      [subjectId],
    )
  ).rows;
}

export async function siteAccrual(sql: Sql, siteId: string): Promise<Record<string, number>> {
  const { rows } = await sql.query<{ arm: string; n: number }>(
    'SELECT a.arm, count(*)::int AS n FROM allocation a JOIN subject s ON s.id = a.subject_id WHERE s.site_id = $1 GROUP BY a.arm',
    [siteId],
  );
  return Object.fromEntries(rows.map((r) => [r.arm, r.n]));
}
