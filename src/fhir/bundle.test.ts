import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { factsFromBundle } from './intake.ts';
import { readPatients } from './read-patients.ts';
import { collect, removeTempDirs, tempDir, writeNdjson } from './test-support.ts';

afterAll(removeTempDirs);

const LOINC = 'http://loinc.org';

describe('factsFromBundle', () => {
  it('resolves urn:uuid references through fullUrl and groups by patient (transaction)', () => {
    const { patients, errors } = factsFromBundle(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:aaa',
            resource: { resourceType: 'Patient', id: 'aaa', gender: 'female' },
            request: { method: 'POST', url: 'Patient' },
          },
          { fullUrl: 'urn:uuid:bbb', resource: { resourceType: 'Patient', gender: 'male' } },
          {
            fullUrl: 'urn:uuid:o1',
            resource: {
              resourceType: 'Observation',
              status: 'final',
              subject: { reference: 'urn:uuid:bbb' },
              code: { coding: [{ system: LOINC, code: '718-7' }] },
            },
          },
          {
            fullUrl: 'urn:uuid:o2',
            resource: {
              resourceType: 'Observation',
              id: 'o2',
              status: 'final',
              subject: { reference: 'urn:uuid:aaa' },
            },
          },
          {
            fullUrl: 'urn:uuid:enc',
            resource: { resourceType: 'Encounter', id: 'enc', subject: { reference: 'urn:uuid:aaa' } },
          },
          {
            fullUrl: 'urn:uuid:claim',
            resource: { resourceType: 'Claim', id: 'claim', patient: { reference: 'urn:uuid:aaa' } },
          },
          { request: { method: 'DELETE', url: 'Observation/old' } },
        ],
      },
      'bundles/t.json',
    );
    expect(errors).toEqual([]);
    expect(
      patients.map((p) => [p.patientId, p.sex, p.observations.map((o) => `${o.ref} ${o.source}`)]),
    ).toEqual([
      ['aaa', 'female', ['Observation/o2 bundles/t.json#entry[3]']],
      ['bbb', 'male', ['Observation/o1 bundles/t.json#entry[2]']],
    ]);
  });

  it('resolves relative references against absolute fullUrls (searchset) and reads any Bundle type', () => {
    for (const type of ['searchset', 'collection', 'batch', 'document']) {
      const { patients, errors } = factsFromBundle(
        {
          resourceType: 'Bundle',
          type,
          entry: [
            {
              fullUrl: 'https://ehr.example.org/fhir/Observation/o1',
              resource: {
                resourceType: 'Observation',
                id: 'o1',
                status: 'final',
                subject: { reference: 'Patient/42' },
              },
            },
            {
              fullUrl: 'https://ehr.example.org/fhir/Patient/42',
              resource: { resourceType: 'Patient', id: '42', birthDate: '1950-01-01' },
            },
          ],
        },
        'b.json',
      );
      expect(errors).toEqual([]);
      expect(patients).toHaveLength(1);
      expect(patients[0]).toMatchObject({ patientId: '42', birthDate: '1950-01-01', warnings: [] });
      expect(patients[0]?.observations).toHaveLength(1);
    }
  });

  it('reports bad entries by index and a reference to a non-Patient entry, and keeps the rest', () => {
    const { patients, errors } = factsFromBundle(
      {
        resourceType: 'Bundle',
        type: 'collection',
        entry: [
          { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 'p' } },
          { fullUrl: 'urn:uuid:g', resource: { resourceType: 'Group', id: 'g' } },
          { resource: { resourceType: 'Condition', id: 'c1', subject: { reference: 'urn:uuid:g' } } },
          { resource: { id: 'nothing' } },
          'junk',
          { resource: { resourceType: 'Condition', id: 'c2', subject: { reference: 'urn:uuid:p' } } },
        ],
      },
      'b.json',
    );
    expect(errors).toEqual([
      {
        source: 'b.json#entry[2]',
        message:
          "Condition/c1 has no subject reference to a Patient (subject.reference is 'urn:uuid:g'); skipped",
      },
      { source: 'b.json#entry[3]', message: 'not a FHIR resource (no resourceType); skipped' },
      { source: 'b.json#entry[4]', message: 'not a Bundle entry (not a JSON object); skipped' },
    ]);
    expect(patients.map((p) => p.conditions.map((c) => c.ref))).toEqual([['Condition/c2']]);
  });

  it('says so when given something that is not a Bundle', () => {
    expect(factsFromBundle({ resourceType: 'Patient', id: 'p' }, 'x.json').errors).toEqual([
      { source: 'x.json', message: 'not a Bundle (resourceType Patient); skipped' },
    ]);
    expect(factsFromBundle(null, 'x.json').errors).toHaveLength(1);
  });
});

describe('bundle files', () => {
  it('reports a syntax error with line and column and reads the other files', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'a-broken.json'),
      '{\n  "resourceType": "Bundle",\n  "type": "collection",\n  "entry": [\n    { "resource": { "resourceType": "Patient", "id": "x" } }\n    { "resource": {} }\n  ]\n}\n',
    );
    await writeFile(
      join(dir, 'b-good.json'),
      JSON.stringify(
        {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { resourceType: 'Patient', id: 'ok' } }],
        },
        null,
        2,
      ),
    );
    await writeNdjson(dir, 'c.ndjson', [{ resourceType: 'Patient', id: 'nd' }]);
    const { patients, errors } = await collect(readPatients([dir]));
    expect(errors).toEqual([
      {
        source: `${join(dir, 'a-broken.json')}:6`,
        message: "invalid JSON at line 6, column 5 (Expected ',' or ']' after array element); file skipped",
      },
    ]);
    expect(patients.map((p) => p.patientId)).toEqual(['ok', 'nd']);
  });

  it('reads NDJSON that was saved under a .json name', async () => {
    const dir = await tempDir();
    const lines = [
      { resourceType: 'Patient', id: 'a' },
      { resourceType: 'Patient', id: 'b' },
    ];
    await writeFile(join(dir, 'export.json'), lines.map((r) => JSON.stringify(r)).join('\n'));
    const { patients, errors } = await collect(readPatients([join(dir, 'export.json')]));
    expect(errors).toEqual([]);
    expect(patients.map((p) => p.patientId)).toEqual(['a', 'b']);
  });

  it('reads a single resource in a .json file, and a Bundle given as an NDJSON line', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'patient.json'), JSON.stringify({ resourceType: 'Patient', id: 'solo' }));
    const bundleLine = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { resource: { resourceType: 'Patient', id: 'inline' } },
        {
          resource: {
            resourceType: 'Observation',
            id: 'o',
            status: 'final',
            subject: { reference: 'Patient/inline' },
          },
        },
      ],
    };
    const ndjson = await writeNdjson(dir, 'lines.ndjson', [bundleLine]);
    const { patients, errors } = await collect(readPatients([join(dir, 'patient.json'), ndjson]));
    expect(errors).toEqual([]);
    expect(patients.map((p) => [p.patientId, p.observations.map((o) => o.source)])).toEqual([
      ['solo', []],
      ['inline', [`${ndjson}:1#entry[1]`]],
    ]);
  });
});
