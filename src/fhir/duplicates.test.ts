import { afterAll, describe, expect, it } from 'vitest';
import type { PatientFacts } from '../eligibility/index.ts';
import { factsFromResources } from './intake.ts';
import { readPatients } from './read-patients.ts';
import {
  collect,
  PATIENT,
  removeTempDirs,
  SUBJECT,
  tempDir,
  withoutSources,
  writeNdjson,
} from './test-support.ts';

afterAll(removeTempDirs);

const hb = (value: number, fields: object = {}) => ({
  resourceType: 'Observation',
  id: 'hb',
  status: 'final',
  subject: SUBJECT,
  code: { coding: [{ system: 'http://loinc.org', code: '718-7' }] },
  effectiveDateTime: '2026-03-01',
  valueQuantity: { value, unit: 'g/dL' },
  ...fields,
});

describe('duplicate resources', () => {
  it('keeps one copy of a file given twice and says so for each resource', async () => {
    const dir = await tempDir();
    const path = await writeNdjson(dir, 'a.ndjson', [PATIENT, hb(9.5)]);
    const once = await collect(readPatients([path]));
    const twice = await collect(readPatients([path, path]));
    expect(twice.errors).toEqual([]);
    expect(twice.patients).toHaveLength(1);
    const facts = twice.patients[0];
    expect(facts?.observations).toHaveLength(1);
    expect(facts?.warnings).toEqual([
      `Patient/p1 appears twice (${path}:1, ${path}:1); identical copy ignored`,
      `Observation/hb appears twice (${path}:2, ${path}:2); identical copy ignored`,
    ]);
    expect({ ...(withoutSources(facts as PatientFacts) as object), warnings: [] }).toEqual(
      withoutSources(once.patients[0] as PatientFacts),
    );
  });

  it('deduplicates a repeated NDJSON line silently apart from the warning, ignoring whitespace', async () => {
    const dir = await tempDir();
    const path = await writeNdjson(dir, 'a.ndjson', [
      PATIENT,
      hb(9.5),
      JSON.stringify(hb(9.5), null, 1).replace(/\n/g, ' '),
    ]);
    const { patients, errors } = await collect(readPatients([path]));
    expect(errors).toEqual([]);
    expect(patients[0]?.observations).toHaveLength(1);
    expect(patients[0]?.warnings).toEqual([
      `Observation/hb appears twice (${path}:2, ${path}:3); identical copy ignored`,
    ]);
  });

  it('keeps the copy with the later meta.lastUpdated when the content differs', () => {
    const { patients } = factsFromResources([
      { resource: PATIENT, source: 'a:1' },
      { resource: hb(11, { meta: { lastUpdated: '2026-03-02T10:00:00Z' } }), source: 'a:2' },
      { resource: hb(9, { meta: { lastUpdated: '2026-03-02T09:00:00+02:00' } }), source: 'a:3' },
    ]);
    expect(patients[0]?.observations.map((o) => o.value)).toEqual([
      { kind: 'quantity', value: 11, unit: 'g/dL', ucum: false },
    ]);
    expect(patients[0]?.warnings).toEqual([
      'Observation/hb appears twice (a:2, a:3) with different content; kept a:2 (later meta.lastUpdated)',
    ]);
  });

  it('keeps the later one in input order when lastUpdated cannot decide', () => {
    const { patients } = factsFromResources([
      { resource: PATIENT, source: 'a:1' },
      { resource: hb(11), source: 'a:2' },
      { resource: hb(9), source: 'a:3' },
    ]);
    expect(patients[0]?.observations.map((o) => o.value && 'value' in o.value && o.value.value)).toEqual([9]);
    expect(patients[0]?.warnings).toEqual([
      'Observation/hb appears twice (a:2, a:3) with different content; kept a:3 (later in input order)',
    ]);
  });

  it('lets a later entered-in-error copy remove the result', () => {
    const { patients } = factsFromResources([
      { resource: PATIENT, source: 'a:1' },
      { resource: hb(11, { meta: { lastUpdated: '2026-03-02T10:00:00Z' } }), source: 'a:2' },
      {
        resource: hb(11, { status: 'entered-in-error', meta: { lastUpdated: '2026-03-03T10:00:00Z' } }),
        source: 'a:3',
      },
    ]);
    expect(patients[0]?.observations).toEqual([]);
  });

  it('treats the same id under different patients as different resources', () => {
    const { patients } = factsFromResources([
      { resource: hb(11), source: 'a:1' },
      { resource: hb(11, { subject: { reference: 'Patient/p2' } }), source: 'a:2' },
    ]);
    expect(patients.map((p) => p.observations.length)).toEqual([1, 1]);
  });
});
