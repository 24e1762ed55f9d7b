import { describe, expect, it } from 'vitest';
import { mapOne, SUBJECT } from './test-support.ts';

const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';
const SNOMED = 'http://snomed.info/sct';
const clinical = (code: string) => ({
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code }],
});
const verification = (code: string) => ({
  coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code }],
});

function condition(fields: object) {
  return { resourceType: 'Condition', id: 'c1', subject: SUBJECT, ...fields };
}

describe('Condition', () => {
  it('maps codes of every system, text, statuses, dates, categories, severity, stages, body sites, notes', () => {
    const { facts, errors } = mapOne(
      condition({
        clinicalStatus: clinical('active'),
        verificationStatus: verification('confirmed'),
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/condition-category',
                code: 'problem-list-item',
              },
            ],
          },
        ],
        severity: { coding: [{ system: SNOMED, code: '24484000', display: 'Severe' }] },
        code: {
          coding: [
            { system: ICD10, code: 'C22.0', display: 'Liver cell carcinoma' },
            { system: SNOMED, code: '109841003' },
            { system: 'urn:oid:2.16.840.1.113883.6.43.1', code: '8170/3' },
          ],
          text: 'Hepatocellular carcinoma',
        },
        bodySite: [{ coding: [{ system: SNOMED, code: '10200004', display: 'Liver structure' }] }],
        onsetDateTime: '2024-07-30T22:00:00-04:00',
        recordedDate: '2024-08-02',
        stage: [
          { summary: { text: 'BCLC stage C' } },
          { summary: { coding: [{ system: SNOMED, code: 'x', display: 'Stage IIIB' }] } },
        ],
        note: [{ text: 'Diagnosed by biopsy.' }],
      }),
    );
    expect(errors).toEqual([]);
    expect(facts.conditions).toEqual([
      {
        ref: 'Condition/c1',
        source: 'test.ndjson:2',
        codes: [
          { system: ICD10, code: 'C22.0', display: 'Liver cell carcinoma' },
          { system: SNOMED, code: '109841003' },
          { system: 'urn:oid:2.16.840.1.113883.6.43.1', code: '8170/3' },
        ],
        text: 'Hepatocellular carcinoma',
        clinicalStatus: 'active',
        verificationStatus: 'confirmed',
        onset: '2024-07-30',
        recorded: '2024-08-02',
        categories: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
        severity: [{ system: SNOMED, code: '24484000', display: 'Severe' }],
        stages: ['BCLC stage C', 'Stage IIIB'],
        bodySites: [{ system: SNOMED, code: '10200004', display: 'Liver structure' }],
        notes: ['Diagnosed by biopsy.'],
      },
    ]);
  });

  it('drops refuted and entered-in-error conditions', () => {
    for (const status of ['refuted', 'entered-in-error']) {
      expect(mapOne(condition({ verificationStatus: verification(status) })).facts.conditions).toEqual([]);
    }
    expect(
      mapOne(condition({ verificationStatus: verification('provisional') })).facts.conditions,
    ).toHaveLength(1);
  });

  it('takes onset from onsetPeriod.start and abatement from abatementDateTime or abatementPeriod.end', () => {
    const a = mapOne(
      condition({ onsetPeriod: { start: '2020-01-02' }, abatementDateTime: '2021-03-04T05:06:07Z' }),
    ).facts;
    expect(a.conditions[0]).toMatchObject({ onset: '2020-01-02', abatement: '2021-03-04' });
    const b = mapOne(condition({ abatementPeriod: { start: '2021-01-01', end: '2021-02-01' } })).facts;
    expect(b.conditions[0]?.abatement).toBe('2021-02-01');
  });

  it('gives no date for onsetAge / onsetString and notes it', () => {
    const age = mapOne(
      condition({ onsetAge: { value: 45, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' } }),
    ).facts;
    expect(age.conditions[0]?.onset).toBeUndefined();
    expect(age.warnings).toEqual(['Condition/c1: onset given as an age (45 years); no onset date']);
    const text = mapOne(condition({ onsetString: 'childhood' })).facts;
    expect(text.warnings).toEqual(['Condition/c1: onset given as text ("childhood"); no onset date']);
  });

  it('reads abatementBoolean true without a date as resolved when no clinical status is given', () => {
    expect(mapOne(condition({ abatementBoolean: true })).facts.conditions[0]?.clinicalStatus).toBe(
      'resolved',
    );
    expect(
      mapOne(condition({ abatementBoolean: true, clinicalStatus: clinical('remission') })).facts.conditions[0]
        ?.clinicalStatus,
    ).toBe('remission');
  });
});
