import { describe, expect, it } from 'vitest';
import { factsFromResources } from './intake.ts';
import { SUBJECT } from './test-support.ts';

function read(...resources: object[]) {
  return factsFromResources(resources.map((resource, i) => ({ resource, source: `p.ndjson:${i + 1}` })));
}

describe('Patient', () => {
  it('maps id, birthDate, gender → sex and deceasedDateTime (date part)', () => {
    const { patients, errors } = read({
      resourceType: 'Patient',
      id: 'p1',
      birthDate: '1958-11-02',
      gender: 'male',
      deceasedDateTime: '2021-03-01T22:10:00-08:00',
    });
    expect(errors).toEqual([]);
    expect(patients).toHaveLength(1);
    expect(patients[0]).toMatchObject({
      patientId: 'p1',
      birthDate: '1958-11-02',
      sex: 'male',
      deceasedDate: '2021-03-01',
      warnings: [],
    });
  });

  it('leaves a partial birth date out and says so', () => {
    for (const birthDate of ['1960', '1960-05']) {
      const facts = read({ resourceType: 'Patient', id: 'p1', birthDate, gender: 'female' }).patients[0];
      expect(facts?.birthDate).toBeUndefined();
      expect(facts?.warnings).toEqual([
        `Patient/p1: birthDate '${birthDate}' is only partial; birth date unknown (age cannot be computed)`,
      ]);
    }
  });

  it('groups resources of a patient without a Patient resource under the referenced id, with a warning', () => {
    const { patients, errors } = read({
      resourceType: 'Condition',
      id: 'c1',
      subject: { reference: 'Patient/ghost' },
      code: { text: 'Hepatocellular carcinoma' },
    });
    expect(errors).toEqual([]);
    expect(patients[0]?.patientId).toBe('ghost');
    expect(patients[0]?.birthDate).toBeUndefined();
    expect(patients[0]?.sex).toBeUndefined();
    expect(patients[0]?.conditions).toHaveLength(1);
    expect(patients[0]?.warnings).toEqual(['no Patient resource; birth date and sex unknown']);
  });

  it('a Patient without id is an error', () => {
    const { patients, errors } = read(
      { resourceType: 'Patient', gender: 'male' },
      { resourceType: 'Observation', id: 'o1', status: 'final', subject: SUBJECT },
    );
    expect(errors).toEqual([{ source: 'p.ndjson:1', message: 'Patient has no id; skipped' }]);
    expect(patients.map((p) => p.patientId)).toEqual(['p1']);
  });
});
