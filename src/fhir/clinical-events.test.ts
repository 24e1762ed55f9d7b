/** Procedure, Immunization, AllergyIntolerance and AdverseEvent. */
import { describe, expect, it } from 'vitest';
import { mapOne, SUBJECT } from './test-support.ts';

const SNOMED = 'http://snomed.info/sct';
const CVX = 'http://hl7.org/fhir/sid/cvx';

describe('Procedure', () => {
  const procedure = (fields: object) => ({
    resourceType: 'Procedure',
    id: 'pr1',
    status: 'completed',
    subject: SUBJECT,
    ...fields,
  });

  it('maps codes, text, status, performedDateTime, category, reasons, body sites, notes', () => {
    const { facts } = mapOne(
      procedure({
        code: {
          coding: [{ system: SNOMED, code: '387713003', display: 'Surgical procedure' }],
          text: 'Right hepatectomy',
        },
        performedDateTime: '2025-11-20T07:45:00-05:00',
        category: { coding: [{ system: SNOMED, code: '387713003' }] },
        reasonCode: [
          { coding: [{ system: SNOMED, code: '109841003', display: 'Liver cell carcinoma' }], text: 'HCC' },
        ],
        reasonReference: [{ reference: 'Condition/c1', display: 'Hepatocellular carcinoma' }],
        bodySite: [{ coding: [{ system: SNOMED, code: '10200004' }] }],
        note: [{ text: 'Major surgery.' }],
      }),
    );
    expect(facts.procedures).toEqual([
      {
        ref: 'Procedure/pr1',
        source: 'test.ndjson:2',
        codes: [{ system: SNOMED, code: '387713003', display: 'Surgical procedure' }],
        text: 'Right hepatectomy',
        status: 'completed',
        date: '2025-11-20',
        categories: [{ system: SNOMED, code: '387713003' }],
        reasons: [{ system: SNOMED, code: '109841003', display: 'Liver cell carcinoma' }],
        reasonText: ['liver cell carcinoma', 'hcc', 'hepatocellular carcinoma'],
        bodySites: [{ system: SNOMED, code: '10200004' }],
        notes: ['Major surgery.'],
      },
    ]);
  });

  it('dates a performedPeriod by its end (start kept), or by its start when open', () => {
    const closed = mapOne(
      procedure({ performedPeriod: { start: '2025-01-01T23:00:00Z', end: '2025-01-03T01:00:00Z' } }),
    );
    expect(closed.facts.procedures[0]).toMatchObject({ start: '2025-01-01', date: '2025-01-03' });
    const open = mapOne(procedure({ performedPeriod: { start: '2025-01-01' } }));
    expect(open.facts.procedures[0]).toMatchObject({ start: '2025-01-01', date: '2025-01-01' });
  });

  it('drops not-done and entered-in-error procedures', () => {
    for (const status of ['not-done', 'entered-in-error'])
      expect(mapOne(procedure({ status })).facts.procedures).toEqual([]);
  });
});

describe('Immunization', () => {
  const immunization = (fields: object) => ({
    resourceType: 'Immunization',
    id: 'im1',
    status: 'completed',
    patient: SUBJECT,
    vaccineCode: { coding: [{ system: CVX, code: '187', display: 'zoster recombinant' }], text: 'Shingrix' },
    ...fields,
  });

  it('maps vaccineCode (CVX), text, occurrenceDateTime date part and status; the patient is `patient`', () => {
    const { facts } = mapOne(immunization({ occurrenceDateTime: '2026-02-01T18:00:00-08:00' }));
    expect(facts.immunizations).toEqual([
      {
        ref: 'Immunization/im1',
        source: 'test.ndjson:2',
        codes: [{ system: CVX, code: '187', display: 'zoster recombinant' }],
        text: 'Shingrix',
        date: '2026-02-01',
        status: 'completed',
      },
    ]);
  });

  it('drops not-done and entered-in-error immunizations', () => {
    for (const status of ['not-done', 'entered-in-error'])
      expect(mapOne(immunization({ status })).facts.immunizations).toEqual([]);
  });
});

describe('AllergyIntolerance', () => {
  const allergy = (fields: object) => ({
    resourceType: 'AllergyIntolerance',
    id: 'al1',
    patient: SUBJECT,
    code: {
      coding: [
        { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1597876', display: 'Atezolizumab' },
      ],
      text: 'Tecentriq ',
    },
    ...fields,
  });

  it('maps code, names, statuses, criticality, categories, reactions and recordedDate', () => {
    const { facts } = mapOne(
      allergy({
        clinicalStatus: { coding: [{ code: 'active' }] },
        verificationStatus: { coding: [{ code: 'confirmed' }] },
        criticality: 'high',
        category: ['medication'],
        recordedDate: '2025-06-01T12:00:00Z',
        reaction: [
          {
            substance: { coding: [{ system: SNOMED, code: '1234', display: 'atezolizumab' }] },
            manifestation: [
              {
                coding: [{ system: SNOMED, code: '39579001', display: 'Anaphylaxis' }],
                text: 'anaphylactic shock',
              },
            ],
            severity: 'severe',
          },
        ],
      }),
    );
    expect(facts.allergies).toEqual([
      {
        ref: 'AllergyIntolerance/al1',
        source: 'test.ndjson:2',
        codes: [
          { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '1597876', display: 'Atezolizumab' },
        ],
        names: ['atezolizumab', 'tecentriq'],
        clinicalStatus: 'active',
        verificationStatus: 'confirmed',
        criticality: 'high',
        categories: ['medication'],
        recorded: '2025-06-01',
        reactions: [
          {
            manifestations: [{ system: SNOMED, code: '39579001', display: 'Anaphylaxis' }],
            manifestationText: ['anaphylactic shock'],
            severity: 'severe',
            substance: [{ system: SNOMED, code: '1234', display: 'atezolizumab' }],
          },
        ],
      },
    ]);
  });

  it('drops refuted and entered-in-error records', () => {
    for (const code of ['refuted', 'entered-in-error']) {
      expect(mapOne(allergy({ verificationStatus: { coding: [{ code }] } })).facts.allergies).toEqual([]);
    }
  });
});

describe('AdverseEvent (R4)', () => {
  const event = (fields: object) => ({
    resourceType: 'AdverseEvent',
    id: 'ae1',
    actuality: 'actual',
    subject: SUBJECT,
    event: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/MDRAE', code: '10012735', display: 'Diarrhoea' },
      ],
      text: 'Diarrhea',
    },
    ...fields,
  });

  it('maps event codes/text, date, grade extension, outcome and suspects', () => {
    const { facts } = mapOne(
      event({
        date: '2025-12-03T08:00:00+09:00',
        extension: [{ url: 'https://trialkit.dev/fhir/StructureDefinition/ctcae-grade', valueInteger: 2 }],
        outcome: { coding: [{ code: 'resolvedWithSequelae' }] },
        suspectEntity: [
          { instance: { display: 'Atezolizumab ' } },
          { instance: { reference: 'Medication/bev' } },
        ],
      }),
    );
    expect(facts.adverseEvents).toEqual([
      {
        ref: 'AdverseEvent/ae1',
        source: 'test.ndjson:2',
        codes: [
          { system: 'http://terminology.hl7.org/CodeSystem/MDRAE', code: '10012735', display: 'Diarrhoea' },
        ],
        text: 'Diarrhea',
        date: '2025-12-03',
        grade: 2,
        resolved: true,
        suspects: ['atezolizumab', 'medication/bev'],
      },
    ]);
  });

  it('falls back to detected, then recordedDate', () => {
    expect(mapOne(event({ detected: '2025-01-02' })).facts.adverseEvents[0]?.date).toBe('2025-01-02');
    expect(mapOne(event({ recordedDate: '2025-01-03' })).facts.adverseEvents[0]?.date).toBe('2025-01-03');
  });

  it('reads the grade from a coded extension, a numeric severity, or mild/moderate/severe (CTCAE v5 grades 1–3)', () => {
    const grade = (fields: object) => mapOne(event(fields)).facts.adverseEvents[0]?.grade;
    expect(
      grade({
        extension: [{ url: 'http://x/grade', valueCodeableConcept: { coding: [{ code: 'grade-3' }] } }],
      }),
    ).toBe(3);
    expect(
      grade({
        extension: [{ url: 'http://x/ctcae-grade', valueCodeableConcept: { coding: [{ code: '0' }] } }],
      }),
    ).toBe(0);
    expect(grade({ severity: { coding: [{ system: 'http://x/ctcae', code: '4' }] } })).toBe(4);
    expect(grade({ severity: { coding: [{ code: 'mild' }] } })).toBe(1);
    expect(grade({ severity: { coding: [{ code: 'moderate' }] } })).toBe(2);
    expect(grade({ severity: { coding: [{ code: 'severe' }] } })).toBe(3);
    expect(grade({})).toBeUndefined();
  });

  it('is not resolved unless the outcome says so; a potential event is dropped', () => {
    expect(
      mapOne(event({ outcome: { coding: [{ code: 'ongoing' }] } })).facts.adverseEvents[0]?.resolved,
    ).toBe(false);
    expect(mapOne(event({ actuality: 'potential' })).facts.adverseEvents).toEqual([]);
  });
});
