/**
 * Writes the example patients of examples/patients/ — FHIR R4 collection Bundles that the README's
 * demo screens as of 2026-03-30 at Mayo Clinic in Rochester. One is eligible with every attestation;
 * the others fail in one clear way each, and one is incomplete. Run after changing them:
 *   npx tsx scripts/make-example-patients.ts
 * test/examples.test.ts pins what each one must produce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleFor, type Example, LOINC } from './example-patients/bundle.ts';

const OUT = fileURLToPath(new URL('../examples/patients/', import.meta.url));

const EXAMPLES: Example[] = [
  {
    file: 'eligible.json',
    patientId: 'example-eligible',
    name: { family: 'Lindqvist', given: 'Arne' },
    gender: 'male',
    birthDate: '1958-09-03',
  },
  {
    file: 'ineligible-low-platelets.json',
    patientId: 'example-low-platelets',
    name: { family: 'Okafor', given: 'Chidi' },
    gender: 'male',
    birthDate: '1961-02-17',
    // 68,000 /uL = 68 ×10⁹/L, below the 75 ×10⁹/L of I16.
    labs: { '777-3': { value: 68000, unit: '/uL', low: 150000, high: 400000 } },
  },
  {
    file: 'ineligible-prior-sorafenib.json',
    patientId: 'example-prior-sorafenib',
    name: { family: 'Marchetti', given: 'Giulia' },
    gender: 'female',
    birthDate: '1955-11-30',
    // Sorafenib for two weeks after the HCC diagnosis, stopped for intolerance, before atezolizumab +
    // bevacizumab: a prior line for I05 and a prior multi-kinase inhibitor for E01.
    extra: (subject, add) =>
      add({
        resourceType: 'MedicationStatement',
        status: 'completed',
        medicationCodeableConcept: {
          coding: [
            { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '495881', display: 'sorafenib' },
          ],
          text: 'Sorafenib 200 MG Oral Tablet',
        },
        subject: { reference: subject },
        effectivePeriod: { start: '2024-05-20', end: '2024-06-03' },
      }),
  },
  {
    file: 'ineligible-child-pugh-b.json',
    patientId: 'example-child-pugh-b',
    name: { family: 'Tanaka', given: 'Hiroshi' },
    gender: 'male',
    birthDate: '1952-04-08',
    // Bilirubin 2.4 mg/dL (2 points), albumin 29 g/L (2), INR 1.3 (1), mild ascites (2), no encephalopathy (1): 8 = class B.
    labs: {
      '1975-2': { value: 41, unit: 'umol/L', high: 21 },
      '1751-7': { value: 29, unit: 'g/L', low: 35, high: 50 },
      '6301-6': { value: 1.3 },
    },
    answers: { ascites: 'mild' },
  },
  {
    file: 'ineligible-cabozantinib-itraconazole.json',
    patientId: 'example-cabozantinib-cyp3a4',
    name: { family: 'Reyes', given: 'Marisol' },
    gender: 'female',
    birthDate: '1979-07-22',
    answers: { 'planned-mki': 'cabozantinib', 'childbearing-potential': true, E28: true },
    extra: (subject, add) => {
      add({
        resourceType: 'MedicationRequest',
        status: 'active',
        intent: 'order',
        medicationCodeableConcept: { text: 'Itraconazole 100 MG Oral Capsule' },
        subject: { reference: subject },
        authoredOn: '2026-03-24',
        reasonCode: [{ text: 'onychomycosis' }],
        dosageInstruction: [
          {
            text: '200 mg once daily for 12 weeks',
            timing: {
              repeat: {
                frequency: 1,
                period: 1,
                periodUnit: 'd',
                boundsPeriod: { start: '2026-03-24', end: '2026-06-15' },
              },
            },
          },
        ],
      });
      add({
        resourceType: 'Observation',
        status: 'final',
        code: {
          coding: [
            {
              system: LOINC,
              code: '2106-3',
              display: 'Choriogonadotropin (pregnancy test) [Presence] in Urine',
            },
          ],
        },
        subject: { reference: subject },
        effectiveDateTime: '2026-03-25T08:00:00-05:00',
        valueCodeableConcept: {
          coding: [{ system: 'http://snomed.info/sct', code: '260385009', display: 'Negative' }],
        },
      });
    },
  },
  {
    file: 'incomplete-awaiting-labs-and-confirmations.json',
    patientId: 'example-incomplete',
    name: { family: 'Novak', given: 'Petra' },
    gender: 'female',
    birthDate: '1949-12-01',
    // Labs 40 days before T0: too old for the 28-day windows; three attestations not yet given.
    labsOn: '2026-02-18',
    answers: { 'childbearing-potential': false },
    unanswered: ['I01', 'E10', 'E12'],
  },
];

mkdirSync(OUT, { recursive: true });
for (const example of EXAMPLES) {
  writeFileSync(join(OUT, example.file), `${JSON.stringify(bundleFor(example), null, 2)}\n`);
  console.log(`wrote examples/patients/${example.file}`);
}
