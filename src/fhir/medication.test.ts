import { afterAll, describe, expect, it } from 'vitest';
import { factsFromBundle, factsFromResources } from './intake.ts';
import { readPatients } from './read-patients.ts';
import { collect, mapOne, PATIENT, removeTempDirs, SUBJECT, tempDir, writeNdjson } from './test-support.ts';

afterAll(removeTempDirs);

const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
const LENVATINIB = {
  coding: [{ system: RXNORM, code: '1603296', display: 'lenvatinib 4 MG Oral Capsule' }],
  text: 'Lenvima',
};

const statement = (fields: object) => ({
  resourceType: 'MedicationStatement',
  id: 'ms1',
  status: 'active',
  subject: SUBJECT,
  medicationCodeableConcept: LENVATINIB,
  ...fields,
});
const request = (fields: object) => ({
  resourceType: 'MedicationRequest',
  id: 'mr1',
  status: 'active',
  intent: 'order',
  subject: SUBJECT,
  medicationCodeableConcept: LENVATINIB,
  ...fields,
});
const administration = (fields: object) => ({
  resourceType: 'MedicationAdministration',
  id: 'ma1',
  status: 'completed',
  subject: SUBJECT,
  medicationCodeableConcept: LENVATINIB,
  ...fields,
});

const exposure = (resource: object) => {
  const fact = mapOne(resource).facts.medications[0];
  return (
    fact && {
      start: fact.start,
      end: fact.end,
      ongoing: fact.ongoing,
      planned: fact.planned,
      status: fact.status,
    }
  );
};

describe('MedicationStatement exposure', () => {
  it('active with an open period is ongoing; a period end stops it', () => {
    expect(exposure(statement({ effectivePeriod: { start: '2025-10-01T09:00:00-04:00' } }))).toEqual({
      start: '2025-10-01',
      end: undefined,
      ongoing: true,
      planned: false,
      status: 'active',
    });
    expect(
      exposure(statement({ status: 'on-hold', effectivePeriod: { start: '2025-10-01', end: '2025-12-01' } })),
    ).toMatchObject({
      end: '2025-12-01',
      ongoing: false,
    });
  });

  it('a completed statement with only effectiveDateTime has start = end', () => {
    expect(
      exposure(statement({ status: 'completed', effectiveDateTime: '2024-05-05T10:00:00Z' })),
    ).toMatchObject({
      start: '2024-05-05',
      end: '2024-05-05',
      ongoing: false,
    });
  });

  it('intended is planned; not-taken and entered-in-error are dropped', () => {
    expect(exposure(statement({ status: 'intended' }))).toMatchObject({ planned: true, ongoing: false });
    expect(exposure(statement({ status: 'not-taken' }))).toBeUndefined();
    expect(exposure(statement({ status: 'entered-in-error' }))).toBeUndefined();
  });
});

describe('MedicationRequest exposure', () => {
  it('starts at boundsPeriod.start, else authoredOn; ends at boundsPeriod.end', () => {
    const timing = { repeat: { boundsPeriod: { start: '2025-01-10', end: '2025-03-10T12:00:00Z' } } };
    expect(exposure(request({ authoredOn: '2025-01-02', dosageInstruction: [{ timing }] }))).toEqual({
      start: '2025-01-10',
      end: '2025-03-10',
      ongoing: true,
      planned: false,
      status: 'active',
    });
    expect(exposure(request({ status: 'stopped', authoredOn: '2025-01-02T20:00:00-05:00' }))).toMatchObject({
      start: '2025-01-02',
      end: undefined,
      ongoing: false,
    });
  });

  it('ends at start + boundsDuration (weeks and months counted in days)', () => {
    const withDuration = (boundsDuration: object) =>
      exposure(
        request({
          authoredOn: '2025-01-02',
          dosageInstruction: [{ timing: { repeat: { boundsDuration } } }],
        }),
      )?.end;
    expect(withDuration({ value: 14, unit: 'days', system: UCUM, code: 'd' })).toBe('2025-01-16');
    expect(withDuration({ value: 2, code: 'wk', system: UCUM })).toBe('2025-01-16');
    expect(withDuration({ value: 1, unit: 'month' })).toBe('2025-02-01');
  });

  it('cancelled and entered-in-error are dropped; draft, plan and proposal are planned, not ongoing', () => {
    expect(exposure(request({ status: 'cancelled' }))).toBeUndefined();
    expect(exposure(request({ status: 'entered-in-error' }))).toBeUndefined();
    expect(exposure(request({ status: 'draft' }))).toMatchObject({ planned: true, ongoing: false });
    expect(exposure(request({ intent: 'plan' }))).toMatchObject({ planned: true, ongoing: false });
    expect(exposure(request({ intent: 'proposal', status: 'on-hold' }))).toMatchObject({
      planned: true,
      ongoing: false,
    });
    expect(mapOne(request({ intent: 'plan' })).facts.medications[0]?.intent).toBe('plan');
  });
});

describe('MedicationAdministration exposure', () => {
  it('effectiveDateTime gives start = end; a period gives both; in-progress is ongoing', () => {
    expect(exposure(administration({ effectiveDateTime: '2026-01-05T23:59:00-03:00' }))).toMatchObject({
      start: '2026-01-05',
      end: '2026-01-05',
      ongoing: false,
    });
    expect(
      exposure(administration({ status: 'in-progress', effectivePeriod: { start: '2026-01-06T10:00:00Z' } })),
    ).toMatchObject({
      start: '2026-01-06',
      end: undefined,
      ongoing: true,
    });
  });

  it('not-done and entered-in-error are dropped', () => {
    expect(exposure(administration({ status: 'not-done' }))).toBeUndefined();
    expect(exposure(administration({ status: 'entered-in-error' }))).toBeUndefined();
  });

  it('reads the single dosage: route, dose, text', () => {
    const fact = mapOne(
      administration({
        medicationCodeableConcept: { text: 'Atezolizumab 1200 mg' },
        dosage: {
          text: '1200 mg IV over 60 min',
          route: {
            coding: [{ system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route' }],
            text: 'IV',
          },
          dose: { value: 1200, unit: 'mg', system: UCUM, code: 'mg' },
        },
      }),
    ).facts.medications[0];
    expect(fact).toMatchObject({
      names: ['atezolizumab 1200 mg'],
      routes: [{ system: 'http://snomed.info/sct', code: '47625008', display: 'Intravenous route' }],
      routeText: ['iv'],
      dose: { value: 1200, unit: 'mg', ucum: true },
      dosageText: ['1200 mg IV over 60 min'],
    });
  });
});

describe('medication details', () => {
  it('names, routes, dose-form words, single dose, times per day, reasons, categories and notes', () => {
    const { facts, errors } = mapOne(
      request({
        category: [
          {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category',
                code: 'outpatient',
              },
            ],
          },
        ],
        reasonCode: [
          {
            coding: [
              { system: 'http://snomed.info/sct', code: '109841003', display: 'Liver cell carcinoma' },
            ],
          },
        ],
        reasonReference: [{ reference: 'Condition/c1', display: 'HCC, advanced' }],
        note: [{ text: 'Second LINE after atezolizumab + bevacizumab' }],
        dosageInstruction: [
          {
            text: '12 mg once daily',
            route: {
              coding: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }],
            },
            timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
            doseAndRate: [{ doseQuantity: { value: 12, unit: 'mg', system: UCUM, code: 'mg' } }],
          },
        ],
      }),
    );
    expect(errors).toEqual([]);
    expect(facts.medications).toEqual([
      {
        ref: 'MedicationRequest/mr1',
        source: 'test.ndjson:2',
        resourceType: 'MedicationRequest',
        codes: [{ system: RXNORM, code: '1603296', display: 'lenvatinib 4 MG Oral Capsule' }],
        names: ['lenvatinib 4 mg oral capsule', 'lenvima'],
        status: 'active',
        intent: 'order',
        ongoing: true,
        planned: false,
        routes: [{ system: 'http://snomed.info/sct', code: '26643006', display: 'Oral route' }],
        routeText: ['oral', 'capsule'],
        dose: { value: 12, unit: 'mg', ucum: true },
        timesPerDay: 1,
        dosageText: ['12 mg once daily'],
        reasons: [{ system: 'http://snomed.info/sct', code: '109841003', display: 'Liver cell carcinoma' }],
        reasonText: ['liver cell carcinoma', 'hcc, advanced'],
        categories: [
          { system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'outpatient' },
        ],
        notes: ['second line after atezolizumab + bevacizumab'],
      },
    ]);
  });

  it('computes administrations per day from frequency / period / periodUnit, or a timing code', () => {
    const perDay = (timing: object) =>
      mapOne(request({ dosageInstruction: [{ timing }] })).facts.medications[0]?.timesPerDay;
    expect(perDay({ repeat: { frequency: 1, period: 4, periodUnit: 'h' } })).toBe(6);
    expect(perDay({ repeat: { frequency: 2, period: 1, periodUnit: 'd' } })).toBe(2);
    expect(perDay({ repeat: { frequency: 1, period: 1, periodUnit: 'wk' } })).toBeCloseTo(1 / 7);
    expect(perDay({ code: { coding: [{ code: 'BID' }] } })).toBe(2);
    expect(perDay({ repeat: { boundsPeriod: { start: '2025-01-01' } } })).toBeUndefined();
  });

  it('keeps no dose when the dosage gives several', () => {
    const fact = mapOne(
      request({
        dosageInstruction: [
          { doseAndRate: [{ doseQuantity: { value: 8, unit: 'mg' } }] },
          { doseAndRate: [{ doseQuantity: { value: 4, unit: 'mg' } }] },
        ],
      }),
    ).facts.medications[0];
    expect(fact?.dose).toBeUndefined();
  });
});

describe('Medication resolution', () => {
  const CABO = {
    resourceType: 'Medication',
    id: 'cabo',
    code: {
      coding: [{ system: RXNORM, code: '1721401', display: 'cabozantinib 40 MG Oral Tablet' }],
      text: 'Cabometyx',
    },
    form: { text: 'Tablet, film coated' },
    ingredient: [
      { itemCodeableConcept: { coding: [{ system: RXNORM, code: '1363268', display: 'cabozantinib' }] } },
    ],
  };
  const CABO_CODES = [
    { system: RXNORM, code: '1721401', display: 'cabozantinib 40 MG Oral Tablet' },
    { system: RXNORM, code: '1363268', display: 'cabozantinib' },
  ];
  const CABO_NAMES = ['cabozantinib 40 mg oral tablet', 'cabometyx', 'cabozantinib'];

  it('resolves a contained Medication (#id)', () => {
    const fact = mapOne(
      statement({
        medicationCodeableConcept: undefined,
        contained: [{ ...CABO, id: 'm' }],
        medicationReference: { reference: '#m' },
      }),
    ).facts.medications[0];
    expect(fact?.codes).toEqual(CABO_CODES);
    expect(fact?.names).toEqual(CABO_NAMES);
    expect(fact?.routeText).toEqual(['tablet, film coated', 'oral', 'tablet']);
  });

  it('resolves a Medication in the same Bundle through its urn:uuid fullUrl', () => {
    const { patients, errors } = factsFromBundle(
      {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:0d5b3c1e-0000-4000-8000-000000000001',
            resource: { resourceType: 'Patient', gender: 'male' },
          },
          {
            fullUrl: 'urn:uuid:0d5b3c1e-0000-4000-8000-000000000003',
            resource: {
              resourceType: 'MedicationRequest',
              status: 'active',
              intent: 'order',
              subject: { reference: 'urn:uuid:0d5b3c1e-0000-4000-8000-000000000001' },
              medicationReference: { reference: 'urn:uuid:0d5b3c1e-0000-4000-8000-000000000002' },
            },
          },
          { fullUrl: 'urn:uuid:0d5b3c1e-0000-4000-8000-000000000002', resource: { ...CABO, id: undefined } },
        ],
      },
      'b.json',
    );
    expect(errors).toEqual([]);
    expect(patients[0]?.patientId).toBe('0d5b3c1e-0000-4000-8000-000000000001');
    expect(patients[0]?.medications[0]).toMatchObject({
      ref: 'MedicationRequest/0d5b3c1e-0000-4000-8000-000000000003',
      source: 'b.json#entry[1]',
      codes: CABO_CODES,
      names: CABO_NAMES,
    });
  });

  it('resolves a Medication given as its own NDJSON line, before or after the use', () => {
    const use = statement({
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/cabo' },
    });
    for (const order of [
      [PATIENT, CABO, use],
      [PATIENT, use, CABO],
    ]) {
      const { patients } = factsFromResources(order.map((resource, i) => ({ resource, source: `x:${i}` })));
      expect(patients[0]?.medications[0]?.codes).toEqual(CABO_CODES);
      expect(patients[0]?.warnings).toEqual([]);
    }
  });

  it('readPatients resolves a Medication line that comes after the patient it is used by', async () => {
    const dir = await tempDir();
    const use = statement({
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/cabo' },
    });
    const other = { resourceType: 'Patient', id: 'p2' };
    const path = await writeNdjson(dir, 'grouped.ndjson', [PATIENT, use, other, CABO]);
    const { patients, errors } = await collect(readPatients([path]));
    expect(errors).toEqual([]);
    expect(patients.map((p) => p.patientId)).toEqual(['p1', 'p2']);
    expect(patients[0]?.medications[0]?.names).toEqual(CABO_NAMES);
  });

  it('keeps an unresolved reference as its display name, with a warning', () => {
    const { facts } = mapOne(
      statement({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/nowhere', display: 'Sorafenib 200 mg' },
      }),
    );
    expect(facts.medications[0]).toMatchObject({ codes: [], names: ['sorafenib 200 mg'] });
    expect(facts.warnings).toEqual([
      'MedicationStatement/ms1: medicationReference Medication/nowhere was not found; only its display name is known',
    ]);
  });
});
