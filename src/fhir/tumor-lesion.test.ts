import { describe, expect, it } from 'vitest';
import { mapOne, SUBJECT } from './test-support.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const TRIALKIT = 'https://trialkit.dev/fhir/CodeSystem/screening';

/** The example of docs/fhir-intake.md, "Tumor lesions". */
const LESION_EXAMPLE = {
  resourceType: 'Observation',
  id: 'lesion-t1-screening',
  status: 'final',
  category: [
    { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] },
  ],
  code: { coding: [{ system: LOINC, code: '21889-1', display: 'Size Tumor' }] },
  subject: SUBJECT,
  effectiveDateTime: '2026-02-20T10:15:00-06:00',
  focus: [{ reference: 'BodyStructure/lesion-t1' }],
  bodySite: {
    coding: [{ system: 'http://snomed.info/sct', code: '10200004', display: 'Liver structure' }],
    text: 'Liver segment VIII',
  },
  valueQuantity: { value: 34, unit: 'mm', system: UCUM, code: 'mm' },
  component: [
    { code: { coding: [{ system: TRIALKIT, code: 'lymph-node' }] }, valueBoolean: false },
    { code: { coding: [{ system: TRIALKIT, code: 'locally-treated' }] }, valueBoolean: true },
    { code: { coding: [{ system: TRIALKIT, code: 'progressed-since-local-therapy' }] }, valueBoolean: true },
  ],
};

describe('tumor lesion measurements', () => {
  it('reads the documented example into tumorLesions, not observations', () => {
    const { facts, errors } = mapOne(LESION_EXAMPLE);
    expect(errors).toEqual([]);
    expect(facts.observations).toEqual([]);
    expect(facts.tumorLesions).toEqual([
      {
        ref: 'Observation/lesion-t1-screening',
        source: 'test.ndjson:2',
        date: '2026-02-20',
        lesionId: 'BodyStructure/lesion-t1',
        site: 'Liver segment VIII',
        nodal: false,
        longestDiameter: { value: 34, unit: 'mm', ucum: true },
        locallyTreated: true,
        progressedSinceTreatment: true,
      },
    ]);
  });

  it('takes the longest diameter from a 33728-7 component and the short axis from short-axis', () => {
    const { facts } = mapOne({
      resourceType: 'Observation',
      id: 'n1',
      status: 'final',
      subject: SUBJECT,
      code: { coding: [{ system: LOINC, code: '21889-1' }] },
      identifier: [{ value: 'node-A' }],
      bodySite: {
        coding: [{ system: 'http://snomed.info/sct', code: '59441001', display: 'Structure of lymph node' }],
      },
      component: [
        {
          code: { coding: [{ system: LOINC, code: '33728-7' }] },
          valueQuantity: { value: 2.1, unit: 'cm', system: UCUM, code: 'cm' },
        },
        {
          code: { coding: [{ system: TRIALKIT, code: 'short-axis' }] },
          valueQuantity: { value: 16, system: UCUM, code: 'mm' },
        },
      ],
    });
    expect(facts.tumorLesions).toEqual([
      {
        ref: 'Observation/n1',
        source: 'test.ndjson:2',
        lesionId: 'node-A',
        site: 'Structure of lymph node',
        nodal: true,
        longestDiameter: { value: 2.1, unit: 'cm', ucum: true },
        shortAxis: { value: 16, unit: 'mm', ucum: true },
      },
    ]);
  });

  it('calls a lesion nodal when its body site text says lymph node; otherwise leaves it unstated', () => {
    const lesion = (bodySite: object | undefined) =>
      mapOne({
        resourceType: 'Observation',
        id: 'x',
        status: 'final',
        subject: SUBJECT,
        code: { coding: [{ system: LOINC, code: '33728-7' }] },
        valueQuantity: { value: 18, system: UCUM, code: 'mm' },
        ...(bodySite === undefined ? {} : { bodySite }),
      }).facts.tumorLesions[0];
    expect(lesion({ text: 'Porta hepatis Lymph Node' })?.nodal).toBe(true);
    expect(lesion({ text: 'Lung, right lower lobe' })?.nodal).toBeUndefined();
    expect(lesion(undefined)?.nodal).toBeUndefined();
  });
});
