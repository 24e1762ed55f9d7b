/**
 * Property: for any well-typed PatientFacts and context, screenPatient returns — without throwing —
 * one result per criterion of the catalog, in order, each with a valid status and a reason, and
 * never an internal error. Facts are drawn from the codes, units and names the criteria read, so the
 * generated patients reach deep into every evaluator, including nonsense values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProtocol } from '../protocol/index.ts';
import {
  type Code,
  type PatientFacts,
  type Quantity,
  type ScreeningContext,
  SYSTEMS,
  screenPatient,
} from './index.ts';

const protocol = loadProtocol();
const ids = protocol.criteria.map((c) => c.id);
const loincCodes = [...protocol.terminology.labs.values()].flatMap((l) => l.loinc);

const between = (min: string, max: string) =>
  fc
    .date({ min: new Date(min), max: new Date(max), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
// Mostly near the index dates (so windows are hit), sometimes anywhere.
const date = fc.oneof(
  { weight: 4, arbitrary: between('2026-01-15', '2026-04-15') },
  { weight: 1, arbitrary: between('1900-01-01', '2030-12-31') },
);
const indexDate = between('2026-03-01', '2026-03-31');
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const word = fc.constantFrom(
  'sorafenib 200 mg oral tablet',
  'atezolizumab',
  'bevacizumab',
  'prednisone 20 mg',
  'warfarin',
  'heparin',
  'entecavir',
  'filgrastim',
  'interferon alfa-2b',
  'nivolumab',
  'rifampin',
  'levothyroxine',
  'insulin glargine',
  'amoxicillin',
  'hepatocellular carcinoma',
  'brain metastasis',
  'psoriasis',
  'tuberculosis',
  'hiv',
  'adjuvant',
  'prophylaxis',
  'copd',
  'adrenal insufficiency',
  'grade 3',
  'coma',
  'palliative',
  'investigational',
  '',
);
const unit = fc.constantFrom(
  '10*9/L',
  '10*9/L',
  'g/L',
  'U/L',
  'umol/L',
  '10*3/uL',
  '/uL',
  'g/dL',
  'g/L',
  'mg/dL',
  'umol/L',
  'U/L',
  'IU/L',
  'K/uL',
  '{INR}',
  's',
  'kg',
  'mm[Hg]',
  'mm',
  'cm',
  '[IU]/mL',
  '',
  'nonsense unit',
);
const number = fc.oneof(
  fc.double({ min: -10, max: 1000, noNaN: true }),
  fc.integer({ min: -5, max: 500 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0, 1.5, 75, 90, 30, 12),
);
const quantity: fc.Arbitrary<Quantity> = fc.record({
  value: number,
  unit: maybe(unit),
  ucum: fc.boolean(),
  comparator: maybe(fc.constantFrom('<' as const, '<=' as const, '>=' as const, '>' as const)),
});
const code: fc.Arbitrary<Code> = fc.oneof(
  fc.constantFrom(...loincCodes).map((c) => ({ system: SYSTEMS.loinc, code: c })),
  fc
    .constantFrom(
      'C22.0',
      'C79.31',
      'E06.3',
      'E10.9',
      'L40.0',
      'L40.50',
      'A15.0',
      'I50.9',
      'I81',
      'I26.99',
      'B20',
      'Z94.4',
      'C61',
      'K76.82',
      'I85.01',
      'O09.90',
      'T81.4XXA',
    )
    .map((c) => ({ system: SYSTEMS.icd10cm, code: c })),
  fc
    .constantFrom('25370001', '94225005', '39579001', '387713003')
    .map((c) => ({ system: SYSTEMS.snomed, code: c })),
  fc
    .constantFrom('03', '21', '111', '49082', '77401', '38240')
    .map((c) => ({ system: SYSTEMS.cvx, code: c })),
);
const ref = fc.string({ minLength: 1, maxLength: 6 }).map((s) => `Resource/${s}`);

const labs = [...protocol.terminology.labs.values()];
/** An observation of one of the labs the criteria read, in its unit or another, near the index dates. */
const labObservation = fc.record({
  ref,
  codes: fc
    .constantFrom(...labs)
    .chain((lab) => fc.constantFrom(...lab.loinc).map((c) => [{ system: SYSTEMS.loinc, code: c }])),
  date: maybe(date),
  status: fc.constantFrom('final', 'final', 'amended', 'preliminary'),
  value: fc.oneof(
    quantity.map((q) => ({ kind: 'quantity' as const, ...q })),
    fc.record({
      kind: fc.constant('text' as const),
      text: fc.constantFrom('positive', 'negative', 'reactive', 'not detected', 'equivocal'),
    }),
    fc.record({ kind: fc.constant('integer' as const), value: fc.integer({ min: -1, max: 6 }) }),
  ),
  interpretation: fc.constant([]),
  referenceRange: maybe(fc.record({ high: maybe(quantity) })),
});

const facts: fc.Arbitrary<PatientFacts> = fc.record({
  patientId: fc.string({ minLength: 1, maxLength: 8 }),
  birthDate: maybe(date),
  sex: maybe(fc.constantFrom('male' as const, 'female' as const, 'other' as const, 'unknown' as const)),
  observations: fc.array(
    fc.oneof(
      { weight: 3, arbitrary: labObservation },
      {
        weight: 1,
        arbitrary: fc.record({
          ref,
          codes: fc.array(code, { maxLength: 2 }),
          text: maybe(word),
          date: maybe(date),
          instant: maybe(fc.string({ maxLength: 4 })),
          status: fc.constantFrom('final', 'amended', 'preliminary', 'registered'),
          value: maybe(
            fc.oneof(
              quantity.map((q) => ({ kind: 'quantity' as const, ...q })),
              fc.record({
                kind: fc.constant('coded' as const),
                codes: fc.array(code, { maxLength: 2 }),
                text: maybe(word),
              }),
              fc.record({
                kind: fc.constant('text' as const),
                text: fc.constantFrom('positive', 'negative', 'not detected', 'class B', 'A', '1', ''),
              }),
              fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean() }),
              fc.record({ kind: fc.constant('integer' as const), value: fc.integer({ min: -3, max: 20 }) }),
            ),
          ),
          interpretation: fc.array(fc.constantFrom('POS', 'NEG', 'IND', 'H', 'L'), { maxLength: 2 }),
          referenceRange: maybe(fc.record({ high: maybe(quantity), low: maybe(quantity) })),
          panelCodes: maybe(fc.array(code, { maxLength: 1 })),
        }),
      },
    ),
    { maxLength: 40 },
  ),
  conditions: fc.array(
    fc.record({
      ref,
      codes: fc.array(code, { maxLength: 2 }),
      text: maybe(word),
      clinicalStatus: maybe(
        fc.constantFrom('active' as const, 'resolved' as const, 'inactive' as const, 'remission' as const),
      ),
      onset: maybe(date),
      abatement: maybe(date),
      recorded: maybe(date),
      categories: fc.constant([]),
      severity: fc.array(code, { maxLength: 1 }),
      stages: fc.array(word, { maxLength: 1 }),
      bodySites: fc.constant([]),
      notes: fc.array(word, { maxLength: 1 }),
    }),
    { maxLength: 6 },
  ),
  medications: fc.array(
    fc.record({
      ref,
      resourceType: fc.constantFrom(
        'MedicationStatement' as const,
        'MedicationRequest' as const,
        'MedicationAdministration' as const,
      ),
      codes: fc.constant([]),
      names: fc.array(word, { minLength: 1, maxLength: 2 }),
      status: fc.constantFrom('active', 'completed', 'stopped', 'intended'),
      start: maybe(date),
      end: maybe(date),
      ongoing: fc.boolean(),
      planned: fc.boolean(),
      routes: fc.constant([]),
      routeText: fc.array(fc.constantFrom('oral', 'inhalation', 'topical', 'intravenous'), { maxLength: 1 }),
      dose: maybe(quantity),
      timesPerDay: maybe(fc.integer({ min: 0, max: 6 })),
      dosageText: fc.array(word, { maxLength: 1 }),
      reasons: fc.constant([]),
      reasonText: fc.array(word, { maxLength: 1 }),
      categories: fc.constant([]),
      notes: fc.array(word, { maxLength: 1 }),
    }),
    { maxLength: 6 },
  ),
  procedures: fc.array(
    fc.record({
      ref,
      codes: fc.array(code, { maxLength: 1 }),
      text: maybe(word),
      status: fc.constant('completed'),
      date: maybe(date),
      categories: fc.array(code, { maxLength: 1 }),
      reasons: fc.constant([]),
      reasonText: fc.array(word, { maxLength: 1 }),
      bodySites: fc.constant([]),
      notes: fc.constant([]),
    }),
    { maxLength: 4 },
  ),
  immunizations: fc.array(
    fc.record({
      ref,
      codes: fc.array(code, { maxLength: 1 }),
      date: maybe(date),
      status: fc.constant('completed'),
    }),
    { maxLength: 3 },
  ),
  allergies: fc.array(
    fc.record({
      ref,
      codes: fc.constant([]),
      names: fc.array(word, { minLength: 1, maxLength: 1 }),
      categories: fc.constant([]),
      reactions: fc.array(
        fc.record({
          manifestations: fc.array(code, { maxLength: 1 }),
          manifestationText: fc.array(fc.constantFrom('anaphylaxis', 'rash'), { maxLength: 1 }),
          substance: fc.constant([]),
        }),
        { maxLength: 1 },
      ),
      recorded: maybe(date),
    }),
    { maxLength: 2 },
  ),
  adverseEvents: fc.array(
    fc.record({
      ref,
      codes: fc.constant([]),
      text: maybe(word),
      date: maybe(date),
      grade: maybe(fc.integer({ min: -1, max: 6 })),
      resolved: fc.boolean(),
      suspects: fc.constant([]),
    }),
    { maxLength: 3 },
  ),
  tumorLesions: fc.array(
    fc.record({
      ref,
      date: maybe(date),
      nodal: maybe(fc.boolean()),
      longestDiameter: maybe(quantity),
      shortAxis: maybe(quantity),
      locallyTreated: maybe(fc.boolean()),
      progressedSinceTreatment: maybe(fc.boolean()),
    }),
    { maxLength: 3 },
  ),
  answers: fc.array(
    fc.record({
      ref,
      linkId: fc.constantFrom(
        ...ids,
        'consent-date',
        'hcc-diagnosis-basis',
        'first-line-progression-date',
        'ascites',
        'encephalopathy',
        'childbearing-potential',
        'planned-mki',
      ),
      value: fc.oneof(
        fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean() }),
        fc.record({ kind: fc.constant('date' as const), value: date }),
        fc.record({
          kind: fc.constant('code' as const),
          value: fc.constantFrom('none', 'mild', 'grade-3-4', 'histology', 'cabozantinib', 'lenvatinib', 'x'),
        }),
      ),
      authored: maybe(date),
    }),
    { maxLength: 10 },
  ),
  warnings: fc.constant([]),
}) as fc.Arbitrary<PatientFacts>;

const context: fc.Arbitrary<ScreeningContext> = fc.record(
  {
    asOf: indexDate,
    siteId: fc.constantFrom('mayo-clinic-in-rochester', 'duke-university-medical-center', 'not-a-site'),
    plannedMki: fc.constantFrom('cabozantinib' as const, 'lenvatinib' as const),
    siteAccrual: fc.record({ A: fc.nat(20), B: fc.nat(20) }),
  },
  { requiredKeys: ['asOf'] },
);

describe('screenPatient on arbitrary well-typed facts', () => {
  it('never throws and always decides every criterion, in catalog order, with a reason', () => {
    fc.assert(
      fc.property(facts, context, (f, ctx) => {
        const result = screenPatient(protocol, f, ctx);
        expect(result.criteria.map((c) => c.id)).toEqual(ids);
        for (const c of result.criteria) {
          expect(['met', 'not_met', 'unknown', 'needs_review']).toContain(c.status);
          expect(c.reason.length).toBeGreaterThan(0);
          expect(c.reason).not.toMatch(/internal error|undefined|\[object Object\]|NaN|Infinity/);
        }
        expect(['eligible', 'ineligible', 'incomplete']).toContain(result.overall);
      }),
      { numRuns: 300 },
    );
  });
});
