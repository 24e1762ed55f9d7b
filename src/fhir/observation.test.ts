import { describe, expect, it } from 'vitest';
import { mapOne, SUBJECT } from './test-support.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

function observation(fields: object) {
  return { resourceType: 'Observation', id: 'o1', status: 'final', subject: SUBJECT, ...fields };
}

describe('Observation', () => {
  it('maps codes, text, date part of effectiveDateTime, status, valueQuantity with UCUM code', () => {
    const { facts, errors } = mapOne(
      observation({
        code: { coding: [{ system: LOINC, code: '777-3', display: 'Platelets' }], text: 'Platelet count' },
        effectiveDateTime: '2026-03-02T23:30:00-05:00',
        valueQuantity: { value: 68, unit: '10^3/uL', system: UCUM, code: '10*3/uL' },
      }),
    );
    expect(errors).toEqual([]);
    expect(facts.observations).toEqual([
      {
        ref: 'Observation/o1',
        source: 'test.ndjson:2',
        codes: [{ system: LOINC, code: '777-3', display: 'Platelets' }],
        text: 'Platelet count',
        date: '2026-03-02',
        instant: '2026-03-02T23:30:00-05:00',
        status: 'final',
        value: { kind: 'quantity', value: 68, unit: '10*3/uL', ucum: true },
        interpretation: [],
      },
    ]);
  });

  it('dates by effectiveInstant, effectivePeriod.start, else issued, keeping the dateTime as instant', () => {
    const dates = [
      { effectiveInstant: '2026-01-05T10:00:00Z' },
      { effectivePeriod: { start: '2026-01-06T08:00:00+01:00', end: '2026-01-07' } },
      { issued: '2026-01-08T09:00:00.000+00:00' },
      { effectiveDateTime: '2026-01-09' },
      { effectiveDateTime: '2026-01', issued: '2026-01-10T11:00:00Z' },
      {},
    ].map((fields) => {
      const fact = mapOne(observation(fields)).facts.observations[0];
      return [fact?.date, fact?.instant];
    });
    expect(dates).toEqual([
      ['2026-01-05', '2026-01-05T10:00:00Z'],
      ['2026-01-06', '2026-01-06T08:00:00+01:00'],
      ['2026-01-08', '2026-01-08T09:00:00.000+00:00'],
      ['2026-01-09', undefined],
      ['2026-01-10', '2026-01-10T11:00:00Z'],
      [undefined, undefined],
    ]);
  });

  it('drops entered-in-error and cancelled results', () => {
    for (const status of ['entered-in-error', 'cancelled']) {
      expect(mapOne(observation({ status, valueQuantity: { value: 1 } })).facts.observations).toEqual([]);
    }
    expect(mapOne(observation({ status: 'preliminary' })).facts.observations[0]?.status).toBe('preliminary');
  });

  it('reads coded, string, boolean and integer values', () => {
    const values = [
      {
        valueCodeableConcept: {
          coding: [{ system: 'http://snomed.info/sct', code: '260385009' }],
          text: 'Negative',
        },
      },
      { valueString: 'non-reactive' },
      { valueBoolean: false },
      { valueInteger: 1 },
    ].map((fields) => mapOne(observation(fields)).facts.observations[0]?.value);
    expect(values).toEqual([
      { kind: 'coded', codes: [{ system: 'http://snomed.info/sct', code: '260385009' }], text: 'Negative' },
      { kind: 'text', text: 'non-reactive' },
      { kind: 'boolean', value: false },
      { kind: 'integer', value: 1 },
    ]);
  });

  it('keeps dataAbsentReason, interpretation codes and referenceRange[0] as Quantities', () => {
    const fact = mapOne(
      observation({
        dataAbsentReason: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/data-absent-reason', code: 'not-performed' },
          ],
        },
        interpretation: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: 'H' },
            ],
          },
        ],
        referenceRange: [
          {
            low: { value: 10, unit: 'U/L', system: UCUM, code: 'U/L' },
            high: { value: 40, unit: 'U/L' },
            text: '10-40',
          },
          { low: { value: 1 } },
        ],
      }),
    ).facts.observations[0];
    expect(fact?.dataAbsentReason).toBe('not-performed');
    expect(fact?.interpretation).toEqual(['H']);
    expect(fact?.referenceRange).toEqual({
      low: { value: 10, unit: 'U/L', ucum: true },
      high: { value: 40, unit: 'U/L', ucum: false },
      text: '10-40',
    });
  });

  it('flattens a blood pressure panel into one fact per component with the panel codes', () => {
    const panel = [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }];
    const { facts } = mapOne(
      observation({
        id: 'bp1',
        code: { coding: panel },
        effectiveDateTime: '2026-03-01T09:00:00Z',
        component: [
          {
            code: { coding: [{ system: LOINC, code: '8480-6' }] },
            valueQuantity: { value: 162, system: UCUM, code: 'mm[Hg]' },
          },
          {
            code: { coding: [{ system: LOINC, code: '8462-4' }] },
            valueQuantity: { value: 104, system: UCUM, code: 'mm[Hg]' },
          },
        ],
      }),
    );
    expect(facts.observations).toEqual([
      {
        ref: 'Observation/bp1',
        source: 'test.ndjson:2',
        codes: [{ system: LOINC, code: '8480-6' }],
        date: '2026-03-01',
        instant: '2026-03-01T09:00:00Z',
        status: 'final',
        value: { kind: 'quantity', value: 162, unit: 'mm[Hg]', ucum: true },
        interpretation: [],
        panelCodes: panel,
      },
      {
        ref: 'Observation/bp1',
        source: 'test.ndjson:2',
        codes: [{ system: LOINC, code: '8462-4' }],
        date: '2026-03-01',
        instant: '2026-03-01T09:00:00Z',
        status: 'final',
        value: { kind: 'quantity', value: 104, unit: 'mm[Hg]', ucum: true },
        interpretation: [],
        panelCodes: panel,
      },
    ]);
  });

  it('emits a parent with components when it has a value of its own', () => {
    const { facts } = mapOne(
      observation({
        code: { coding: [{ system: LOINC, code: 'x-parent' }] },
        valueString: 'summary',
        component: [{ code: { coding: [{ system: LOINC, code: 'x-child' }] }, valueInteger: 2 }],
      }),
    );
    expect(facts.observations.map((o) => [o.codes[0]?.code, o.panelCodes?.[0]?.code])).toEqual([
      ['x-parent', undefined],
      ['x-child', 'x-parent'],
    ]);
  });

  it('drops a Quantity whose value is not a finite number and warns', () => {
    const { facts } = mapOne(observation({ valueQuantity: { value: JSON.parse('-1e999'), unit: 'g/dL' } }));
    expect(facts.observations[0]?.value).toBeUndefined();
    expect(facts.warnings).toEqual([
      'Observation/o1: valueQuantity value -Infinity is not a finite number; dropped',
    ]);
  });
});
