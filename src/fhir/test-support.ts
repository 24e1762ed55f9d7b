/** Helpers for the src/fhir tests (not part of the public API). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatientFacts, QuestionnaireItem } from '../eligibility/index.ts';
import { loadProtocol } from '../protocol/index.ts';
import { factsFromResources } from './intake.ts';
import type { IntakeError, IntakeItem } from './types.ts';

export const PATIENT = { resourceType: 'Patient', id: 'p1', birthDate: '1960-05-17', gender: 'female' };
export const SUBJECT = { reference: 'Patient/p1' };

/** The trial's questionnaire items (protocols/nct05168163/questionnaire.yaml), as the CLI and server pass them. */
export const QUESTIONNAIRE = loadProtocol().questionnaire.items;

/**
 * Maps resources (a Patient p1 is added first), QuestionnaireResponses against the trial's questionnaire
 * unless another is given, and returns the one patient and the errors.
 */
export function mapOne(...resources: object[]): { facts: PatientFacts; errors: IntakeError[] } {
  return mapOneWith(QUESTIONNAIRE, ...resources);
}

export function mapOneWith(
  questionnaire: readonly QuestionnaireItem[] | undefined,
  ...resources: object[]
): { facts: PatientFacts; errors: IntakeError[] } {
  const { patients, errors } = factsFromResources(
    [PATIENT, ...resources].map((resource, i) => ({ resource, source: `test.ndjson:${i + 1}` })),
    { questionnaire },
  );
  if (patients.length !== 1 || patients[0] === undefined)
    throw new Error(`expected one patient, got ${patients.length}`);
  return { facts: patients[0], errors };
}

const created: string[] = [];

/** A fresh directory under os.tmpdir(); test files remove theirs with `afterAll(removeTempDirs)`. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trialkit-fhir-test-'));
  created.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(created.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export async function writeNdjson(dir: string, name: string, resources: readonly unknown[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(
    path,
    `${resources.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`,
  );
  return path;
}

export async function collect(
  items: AsyncIterable<IntakeItem>,
): Promise<{ patients: PatientFacts[]; errors: IntakeError[] }> {
  const patients: PatientFacts[] = [];
  const errors: IntakeError[] = [];
  for await (const item of items) {
    if (item.kind === 'patient') patients.push(item.facts);
    else errors.push(item.error);
  }
  return { patients, errors };
}

/** A patient's facts without the `source` fields (which name files and lines), for comparing readings. */
export function withoutSources(facts: PatientFacts): unknown {
  return JSON.parse(JSON.stringify(facts, (key, value) => (key === 'source' ? undefined : value)));
}
