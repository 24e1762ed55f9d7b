/**
 * The FHIR R4 collection Bundle of one example patient: the eligible baseline (labs, conditions,
 * treatment history, screening questionnaire) with the example's changes applied.
 */
import { attestedCriteria, loadProtocol } from '../../src/protocol/index.ts';

const UCUM = 'http://unitsofmeasure.org';
export const LOINC = 'http://loinc.org';
const SCREENING = 'https://trialkit.dev/fhir/CodeSystem/screening';

type Resource = Record<string, unknown> & { resourceType: string; id: string };
/** A resource to add; its id is made from the patient's when absent. */
type NewResource = Record<string, unknown> & { resourceType: string; id?: string };

export interface Lab {
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

export interface Example {
  file: string;
  patientId: string;
  name: { family: string; given: string };
  gender: 'male' | 'female';
  birthDate: string;
  /** Lab overrides by LOINC (null removes the lab). */
  labs?: Record<string, Partial<Lab> | null>;
  labsOn?: string;
  extra?: (subject: string, add: (r: NewResource) => void) => void;
  answers?: Record<string, unknown>;
  /** Attestations left out (awaiting a person). */
  unanswered?: string[];
}

const ATTESTATIONS = attestedCriteria(loadProtocol());

export function bundleFor(example: Example): object {
  const entries: Resource[] = [];
  let n = 0;
  const patientUrl = `urn:uuid:${example.patientId}`;
  const subject = { reference: patientUrl };
  const add = (r: NewResource) => {
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
