import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapOne, SUBJECT } from './test-support.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const TRIALKIT = 'https://trialkit.dev/fhir/CodeSystem/screening';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The complete example of docs/fhir-intake.md, "Tumor lesions", read from the page itself. */
function documentedExample(): object {
  const page = readFileSync(resolve(repoRoot, 'docs/fhir-intake.md'), 'utf8');
  const block = /<!-- example: tumor-lesion -->\s*```json\n([\s\S]*?)```/.exec(page);
  if (block?.[1] === undefined) throw new Error('docs/fhir-intake.md has no tumor-lesion example');
  return JSON.parse(block[1]);
}

describe('tumor lesion measurements', () => {
  it('reads the documented example into tumorLesions, not observations', () => {
    const { facts, errors } = mapOne(documentedExample());
    expect(errors).toEqual([]);
    expect(facts.observations).toEqual([]);
    expect(facts.warnings).toEqual([]);
    expect(facts.tumorLesions).toEqual([
      {
        ref: 'Observation/lesion-t1-screening',
        source: 'test.ndjson:2',
        date: '2026-02-20',
        lesionId: 'BodyStructure/lesion-t1',
        site: 'Liver segment VIII',
        nodal: false,
        longestDiameter: { value: 34, unit: 'mm', ucum: true },
        shortAxis: { value: 21, unit: 'mm', ucum: true },
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
    expect(lesion({ text: 'Mediastinal lymph-nodes' })?.nodal).toBe(true);
    expect(lesion({ coding: [{ display: 'Retroperitoneal lymph nodal mass' }] })?.nodal).toBe(true);
    // Whole words only: a lymph node named inside another word is not one.
    expect(lesion({ text: 'Lymph nodeless region' })?.nodal).toBeUndefined();
    expect(lesion({ text: 'Lung, right lower lobe' })?.nodal).toBeUndefined();
    expect(lesion(undefined)?.nodal).toBeUndefined();
  });
});
