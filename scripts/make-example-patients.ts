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
import { attestedCriteria, loadProtocol } from '../src/protocol/index.ts';

const OUT = fileURLToPath(new URL('../examples/patients/', import.meta.url));
const UCUM = 'http://unitsofmeasure.org';
const LOINC = 'http://loinc.org';
const SCREENING = 'https://trialkit.dev/fhir/CodeSystem/screening';

type Resource = Record<string, unknown> & { resourceType: string; id: string };

interface Lab {
  loinc: string;
  display: string;
  value: number;
  unit: string;
  high?: number;
  low?: number;
  date?: string;
}

/** The labs of an eligible patient, drawn 10 days before T0 (2026-03-30). */
const ELIGIBLE_LABS: Lab[] = [
  {
    loinc: '751-8',
    display: 'Neutrophils [#/volume] in Blood by Automated count',
    value: 3.1,
    unit: '10*9/L',
    low: 1.8,
    high: 7.7,
  },
  {
    loinc: '731-0',
    display: 'Lymphocytes [#/volume] in Blood by Automated count',
    value: 1.1,
    unit: '10*9/L',
    low: 1.0,
    high: 4.8,
  },
  {
    loinc: '777-3',
    display: 'Platelets [#/volume] in Blood by Automated count',
    value: 142,
    unit: '10*3/uL',
    low: 150,
    high: 400,
  },
  {
    loinc: '718-7',
    display: 'Hemoglobin [Mass/volume] in Blood',
    value: 12.1,
    unit: 'g/dL',
    low: 13.5,
    high: 17.5,
  },
  {
    loinc: '1920-8',
    display: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    value: 68,
    unit: 'U/L',
    high: 40,
  },
  {
    loinc: '1742-6',
    display: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    value: 52,
    unit: 'U/L',
    high: 45,
  },
  {
    loinc: '6768-6',
    display: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma',
    value: 188,
    unit: 'U/L',
    high: 129,
  },
  {
    loinc: '1975-2',
    display: 'Bilirubin.total [Mass/volume] in Serum or Plasma',
    value: 1.1,
    unit: 'mg/dL',
    high: 1.2,
  },
  {
    loinc: '1751-7',
    display: 'Albumin [Mass/volume] in Serum or Plasma',
    value: 3.6,
    unit: 'g/dL',
    low: 3.5,
    high: 5.0,
  },
  {
    loinc: '6301-6',
    display: 'INR in Platelet poor plasma by Coagulation assay',
    value: 1.2,
    unit: '{INR}',
    high: 1.1,
  },
  {
    loinc: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    value: 0.9,
    unit: 'mg/dL',
    high: 1.3,
  },
  {
    loinc: '17861-6',
    display: 'Calcium [Mass/volume] in Serum or Plasma',
    value: 9.3,
    unit: 'mg/dL',
    low: 8.6,
    high: 10.3,
  },
  { loinc: '29463-7', display: 'Body weight', value: 58.4, unit: 'kg' },
];

const T0 = '2026-03-30';
const LABS_ON = '2026-03-20';

interface Example {
  file: string;
  patientId: string;
  name: { family: string; given: string };
  gender: 'male' | 'female';
  birthDate: string;
  /** Lab overrides by LOINC (null removes the lab). */
  labs?: Record<string, Partial<Lab> | null>;
  labsOn?: string;
  extra?: (subject: string, add: (r: Omit<Resource, 'id'> & { id?: string }) => void) => void;
  answers?: Record<string, unknown>;
  /** Attestations left out (awaiting a person). */
  unanswered?: string[];
}

const ATTESTATIONS = attestedCriteria(loadProtocol());

function bundleFor(example: Example): object {
  const entries: Resource[] = [];
  let n = 0;
  const patientUrl = `urn:uuid:${example.patientId}`;
  const subject = { reference: patientUrl };
  const add = (r: Omit<Resource, 'id'> & { id?: string }) => {
    entries.push({
      ...r,
      id: r.id ?? `${example.patientId}-${r.resourceType.toLowerCase()}-${++n}`,
    } as Resource);
  };
  add({
    resourceType: 'Patient',
    id: example.patientId,
    identifier: [{ system: 'urn:example:mrn', value: `MRN-${example.patientId}` }],
    name: [{ family: example.name.family, given: [example.name.given] }],
    gender: example.gender,
    birthDate: example.birthDate,
  });
  add({
    resourceType: 'Condition',
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: {
      coding: [
        { system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'C22.0', display: 'Liver cell carcinoma' },
        { system: 'http://snomed.info/sct', code: '25370001', display: 'Hepatocellular carcinoma' },
      ],
      text: 'Hepatocellular carcinoma',
    },
    stage: [{ summary: { text: 'BCLC stage C' } }],
    subject,
    onsetDateTime: '2024-05-14',
    recordedDate: '2024-05-20',
  });
  for (const [drug, display] of [
    ['atezolizumab', 'atezolizumab 1200 MG in 20 ML Injection'],
    ['bevacizumab', 'bevacizumab 15 MG/KG Injection'],
  ] as const) {
    add({
      resourceType: 'MedicationStatement',
      id: `${example.patientId}-${drug}`,
      status: 'completed',
      medicationCodeableConcept: { text: display },
      subject,
      effectivePeriod: { start: '2024-06-10', end: '2026-02-17' },
      reasonCode: [{ text: 'first-line therapy for advanced hepatocellular carcinoma' }],
    });
  }
  const labsOn = example.labsOn ?? LABS_ON;
  for (const base of ELIGIBLE_LABS) {
    const override = example.labs?.[base.loinc];
    if (override === null) continue;
    const lab = { ...base, ...override };
    const quantity = (value: number) => ({ value, unit: lab.unit, system: UCUM, code: lab.unit });
    add({
      resourceType: 'Observation',
      id: `${example.patientId}-${lab.loinc}`,
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: lab.loinc === '29463-7' ? 'vital-signs' : 'laboratory',
            },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: lab.loinc, display: lab.display }] },
      subject,
      effectiveDateTime: `${lab.date ?? labsOn}T07:45:00-05:00`,
      valueQuantity: quantity(lab.value),
      ...(lab.high !== undefined || lab.low !== undefined
        ? {
            referenceRange: [
              {
                ...(lab.low !== undefined ? { low: quantity(lab.low) } : {}),
                ...(lab.high !== undefined ? { high: quantity(lab.high) } : {}),
              },
            ],
          }
        : {}),
    });
  }
  add({
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: LOINC, code: '89247-1', display: 'ECOG Performance Status score' }] },
    subject,
    effectiveDateTime: `${labsOn}T09:00:00-05:00`,
    valueCodeableConcept: {
      coding: [{ system: LOINC, code: 'LA9623-5', display: 'Restricted in physically strenuous activity' }],
    },
  });
  for (const [date, systolic, diastolic] of [
    [labsOn, 132, 84],
    ['2026-03-03', 128, 80],
  ] as const) {
    add({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
      subject,
      effectiveDateTime: `${date}T08:00:00-05:00`,
      component: [
        {
          code: { coding: [{ system: LOINC, code: '8480-6', display: 'Systolic blood pressure' }] },
          valueQuantity: { value: systolic, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
        },
        {
          code: { coding: [{ system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' }] },
          valueQuantity: { value: diastolic, unit: 'mm[Hg]', system: UCUM, code: 'mm[Hg]' },
        },
      ],
    });
  }
  for (const [loinc, display] of [
    ['5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum by Immunoassay'],
    ['16933-4', 'Hepatitis B virus core Ab [Presence] in Serum'],
    ['16128-1', 'Hepatitis C virus Ab [Presence] in Serum'],
  ] as const) {
    const override = example.labs?.[loinc];
    if (override === null) continue;
    const positive = override?.value === 1;
    add({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: LOINC, code: loinc, display }] },
      subject,
      effectiveDateTime: '2026-03-02T07:45:00-05:00',
      valueCodeableConcept: {
        coding: [
          {
            system: 'http://snomed.info/sct',
            code: positive ? '10828004' : '260385009',
            display: positive ? 'Positive' : 'Negative',
          },
        ],
      },
    });
  }
  add({
    resourceType: 'Observation',
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'imaging' }] },
    ],
    code: { coding: [{ system: LOINC, code: '21889-1', display: 'Size Tumor' }] },
    subject,
    effectiveDateTime: '2026-03-16T10:15:00-05:00',
    focus: [{ reference: 'BodyStructure/lesion-1' }],
    bodySite: {
      coding: [{ system: 'http://snomed.info/sct', code: '10200004', display: 'Liver structure' }],
      text: 'Liver segment VIII',
    },
    valueQuantity: { value: 4.2, unit: 'cm', system: UCUM, code: 'cm' },
    component: [
      { code: { coding: [{ system: SCREENING, code: 'lymph-node' }] }, valueBoolean: false },
      { code: { coding: [{ system: SCREENING, code: 'locally-treated' }] }, valueBoolean: false },
    ],
  });
  example.extra?.(patientUrl, add);
  const answers: Record<string, unknown> = {
    'consent-date': '2026-03-12',
    'hcc-diagnosis-basis': 'histology',
    'first-line-progression-date': '2026-02-10',
    ascites: 'none',
    encephalopathy: 'none',
    'childbearing-potential': false,
    'planned-mki': 'lenvatinib',
    ...Object.fromEntries(
      ATTESTATIONS.filter((id) => !example.unanswered?.includes(id)).map((id) => [id, true]),
    ),
    ...example.answers,
  };
  add({
    resourceType: 'QuestionnaireResponse',
    questionnaire: 'https://trialkit.dev/fhir/Questionnaire/nct05168163-screening',
    status: 'completed',
    subject,
    authored: '2026-03-27T16:20:00-05:00',
    author: { display: 'Dana Whitfield, study coordinator' },
    item: Object.entries(answers)
      .filter(([, value]) => value !== undefined)
      .map(([linkId, value]) => ({
        linkId,
        answer: [
          typeof value === 'boolean'
            ? { valueBoolean: value }
            : /^\d{4}-\d{2}-\d{2}$/.test(String(value))
              ? { valueDate: value }
              : { valueCoding: { system: SCREENING, code: value } },
        ],
      })),
  });
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: `${T0}T08:00:00-05:00`,
    entry: entries.map((resource) => ({
      fullUrl: resource.resourceType === 'Patient' ? patientUrl : `urn:uuid:${resource.id}`,
      resource,
    })),
  };
}

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
