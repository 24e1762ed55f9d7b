/** Helpers for the src/fhir tests (not part of the public API). */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PatientFacts } from '../eligibility/patient-facts.ts';
import { factsFromResources } from './intake.ts';
import type { IntakeError, IntakeItem } from './types.ts';

export const PATIENT = { resourceType: 'Patient', id: 'p1', birthDate: '1960-05-17', gender: 'female' };
export const SUBJECT = { reference: 'Patient/p1' };

/** Maps resources (a Patient p1 is added first) and returns the one patient and the errors. */
export function mapOne(...resources: object[]): { facts: PatientFacts; errors: IntakeError[] } {
  const { patients, errors } = factsFromResources(
    [PATIENT, ...resources].map((resource, i) => ({ resource, source: `test.ndjson:${i + 1}` })),
  );
  if (patients.length !== 1 || patients[0] === undefined)
    throw new Error(`expected one patient, got ${patients.length}`);
  return { facts: patients[0], errors };
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'trialkit-fhir-test-'));
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
