import { describe, expect, it } from 'vitest';
import { factsFromResources } from './intake.ts';
import { parseReference, patientIdFromReference } from './references.ts';

describe('references', () => {
  it('normalizes relative, absolute, versioned and urn:uuid references', () => {
    expect(patientIdFromReference('Patient/123')).toBe('123');
    expect(patientIdFromReference('https://fhir.example.org/r4/Patient/123')).toBe('123');
    expect(patientIdFromReference('Patient/123/_history/4')).toBe('123');
    expect(patientIdFromReference('urn:uuid:6f1c7f42-61d2-4b9e-b0a4-4d0c1b1e5a11')).toBe(
      '6f1c7f42-61d2-4b9e-b0a4-4d0c1b1e5a11',
    );
    expect(patientIdFromReference('Group/g1')).toBeUndefined();
    expect(patientIdFromReference('#contained')).toBeUndefined();
    expect(patientIdFromReference('Patient?identifier=mrn|1')).toBeUndefined();
    expect(parseReference('Medication/cabo')).toEqual({ type: 'Medication', id: 'cabo' });
  });

  it('reports a patient-scoped resource without a reference to a Patient, naming type, id and field', () => {
    const { patients, errors } = factsFromResources([
      { resource: { resourceType: 'Observation', id: 'abc', status: 'final' }, source: 'o.ndjson:1' },
      {
        resource: { resourceType: 'Observation', id: 'def', subject: { reference: 'Group/g1' } },
        source: 'o.ndjson:2',
      },
      { resource: { resourceType: 'Immunization', id: 'im', status: 'completed' }, source: 'i.ndjson:1' },
      { resource: { resourceType: 'Condition', subject: { display: 'John' } }, source: 'c.ndjson:1' },
      { resource: { id: 'x' }, source: 'c.ndjson:2' },
      { resource: [1, 2], source: 'c.ndjson:3' },
      {
        resource: { resourceType: 'Encounter', id: 'e1', subject: { reference: 'Patient/p1' } },
        source: 'e.ndjson:1',
      },
      { resource: { resourceType: 'Organization', id: 'org' }, source: 'e.ndjson:2' },
    ]);
    expect(patients).toEqual([]);
    expect(errors).toEqual([
      { source: 'o.ndjson:1', message: 'Observation/abc has no subject reference to a Patient; skipped' },
      {
        source: 'o.ndjson:2',
        message:
          "Observation/def has no subject reference to a Patient (subject.reference is 'Group/g1'); skipped",
      },
      { source: 'i.ndjson:1', message: 'Immunization/im has no patient reference to a Patient; skipped' },
      { source: 'c.ndjson:1', message: 'Condition/(no id) has no subject reference to a Patient; skipped' },
      { source: 'c.ndjson:2', message: 'not a FHIR resource (no resourceType); skipped' },
      { source: 'c.ndjson:3', message: 'not a FHIR resource (not a JSON object); skipped' },
    ]);
  });
});
