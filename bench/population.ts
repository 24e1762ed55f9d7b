/**
 * A seeded synthetic screening population as Bulk-FHIR NDJSON, grouped by patient (each patient's
 * lines are contiguous, Patient first): ~60 resources and ~55 KB per patient, shaped like an EHR's
 * Bulk export (Synthea's resource sizes: UUID ids and references, meta, narrative text, encounters,
 * diagnostic reports, claims and explanations of benefit that the screener reads past) — two rounds
 * of screening labs in mixed units, vitals, serology, a tumor assessment, conditions, medications,
 * procedures, immunizations, an allergy and the screening questionnaire. Realistic in size and
 * shape, not in epidemiology: values scatter around the criteria's thresholds.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { attestedCriteria, loadProtocol } from '../src/protocol/index.ts';

/** mulberry32: a small, fast, seedable PRNG (public domain). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const INDEX_DATE = '2026-03-30';

/** The criteria a person confirms in the questionnaire; the generated coordinators confirm them (mostly). */
const ATTESTED = attestedCriteria(loadProtocol());

function day(offset: number): string {
  const d = new Date(Date.UTC(2026, 2, 30 + offset));
  return d.toISOString().slice(0, 10);
}

interface LabSpec {
  loinc: string;
  name: string;
  /** Typical value range in the first unit; other units with their factor from the first. */
  range: [number, number];
  units: Array<[string, number]>;
  high?: number;
}

const LABS: LabSpec[] = [
  {
    loinc: '751-8',
    name: 'Neutrophils [#/volume] in Blood by Automated count',
    range: [0.8, 6],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
      ['/uL', 1000],
    ],
  },
  {
    loinc: '731-0',
    name: 'Lymphocytes [#/volume] in Blood by Automated count',
    range: [0.3, 3],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
    ],
  },
  {
    loinc: '777-3',
    name: 'Platelets [#/volume] in Blood by Automated count',
    range: [50, 300],
    units: [
      ['10*9/L', 1],
      ['10*3/uL', 1],
      ['/uL', 1000],
    ],
  },
  {
    loinc: '718-7',
    name: 'Hemoglobin [Mass/volume] in Blood',
    range: [80, 160],
    units: [
      ['g/L', 1],
      ['g/dL', 0.1],
    ],
  },
  {
    loinc: '1920-8',
    name: 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    range: [15, 250],
    units: [['U/L', 1]],
    high: 40,
  },
  {
    loinc: '1742-6',
    name: 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma',
    range: [10, 200],
    units: [['U/L', 1]],
    high: 45,
  },
  {
    loinc: '6768-6',
    name: 'Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma',
    range: [40, 700],
    units: [['U/L', 1]],
    high: 130,
  },
  {
    loinc: '1975-2',
    name: 'Bilirubin.total [Mass/volume] in Serum or Plasma',
    range: [0.3, 4],
    units: [
      ['mg/dL', 1],
      ['umol/L', 17.104],
    ],
    high: 1.2,
  },
  {
    loinc: '1751-7',
    name: 'Albumin [Mass/volume] in Serum or Plasma',
    range: [2.5, 4.8],
    units: [
      ['g/dL', 1],
      ['g/L', 10],
    ],
  },
  {
    loinc: '6301-6',
    name: 'INR in Platelet poor plasma by Coagulation assay',
    range: [0.9, 2.2],
    units: [['{INR}', 1]],
    high: 1.2,
  },
  {
    loinc: '2160-0',
    name: 'Creatinine [Mass/volume] in Serum or Plasma',
    range: [0.5, 2.6],
    units: [
      ['mg/dL', 1],
      ['umol/L', 88.4],
    ],
    high: 1.2,
  },
  {
    loinc: '17861-6',
    name: 'Calcium [Mass/volume] in Serum or Plasma',
    range: [8.2, 12.5],
    units: [['mg/dL', 1]],
    high: 10.4,
  },
  {
    loinc: '29463-7',
    name: 'Body weight',
    range: [45, 110],
    units: [
      ['kg', 1],
      ['[lb_av]', 2.20462],
    ],
  },
];

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function lesionSize(mm: number, inCentimetres: boolean): object {
  const unit = inCentimetres ? 'cm' : 'mm';
  return {
    value: round(inCentimetres ? mm / 10 : mm, 1),
    unit,
    system: 'http://unitsofmeasure.org',
    code: unit,
  };
}

/** All resources of one patient, Patient first. */
/** A UUID-shaped id from the seeded generator (Bulk exports identify everything by UUID). */
function uuid(random: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

const US_CORE = 'http://hl7.org/fhir/us/core/StructureDefinition/';
const PROFILES: Record<string, string> = {
  Patient: 'us-core-patient',
  Observation: 'us-core-observation-lab',
  Condition: 'us-core-condition-problems-health-concerns',
  MedicationStatement: 'us-core-medication',
  Procedure: 'us-core-procedure',
  Immunization: 'us-core-immunization',
  AllergyIntolerance: 'us-core-allergyintolerance',
  Encounter: 'us-core-encounter',
  DiagnosticReport: 'us-core-diagnosticreport-lab',
  QuestionnaireResponse: 'us-core-questionnaireresponse',
};

/** What an EHR export adds to every resource: meta, a narrative, and the encounter it belongs to. */
function decorate(resource: Record<string, unknown>, random: () => number, encounter: string): object {
  const type = resource.resourceType as string;
  const summary = JSON.stringify(
    resource.code ?? resource.vaccineCode ?? resource.medicationCodeableConcept ?? type,
  )
    .replace(/[{}"[\]]/g, ' ')
    .slice(0, 220);
  return {
    ...resource,
    meta: {
      versionId: '1',
      lastUpdated: '2026-03-29T12:00:00.000+00:00',
      source: `#${uuid(random).slice(0, 16)}`,
      ...(PROFILES[type] ? { profile: [`${US_CORE}${PROFILES[type]}`] } : {}),
      tag: [{ system: 'https://smarthealthit.org/tags', code: 'synthea-5-2019' }],
    },
    text: {
      status: 'generated',
      div: `<div xmlns="http://www.w3.org/1999/xhtml"><p>${type}: ${summary}</p></div>`,
    },
    ...(type !== 'Patient' && type !== 'AllergyIntolerance' && type !== 'Encounter'
      ? { encounter: { reference: `Encounter/${encounter}` } }
      : {}),
  };
}

function patientResource(id: string, index: number, female: boolean, random: () => number): object {
  return {
    resourceType: 'Patient',
    id,
    extension: [
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-race',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: { system: 'urn:oid:2.16.840.1.113883.6.238', code: '2106-3', display: 'White' },
          },
          { url: 'text', valueString: 'White' },
        ],
      },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity',
        extension: [
          {
            url: 'ombCategory',
            valueCoding: {
              system: 'urn:oid:2.16.840.1.113883.6.238',
              code: '2186-5',
              display: 'Not Hispanic or Latino',
            },
          },
          { url: 'text', valueString: 'Not Hispanic or Latino' },
        ],
      },
      {
        url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex',
        valueCode: female ? 'F' : 'M',
      },
      {
        url: 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace',
        valueAddress: { city: 'Rochester', state: 'Minnesota', country: 'US' },
      },
    ],
    identifier: [
      { system: 'https://github.com/synthetichealth/synthea', value: id },
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical Record Number',
            },
          ],
          text: 'Medical Record Number',
        },
        system: 'http://hospital.smarthealthit.org',
        value: `MRN${1000000 + index}`,
      },
      {
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'SS',
              display: 'Social Security Number',
            },
          ],
          text: 'Social Security Number',
        },
        system: 'http://hl7.org/fhir/sid/us-ssn',
        value: `999-${10 + (index % 89)}-${1000 + (index % 8999)}`,
      },
    ],
    name: [
      {
        use: 'official',
        family: `Bench${index}`,
        given: [female ? 'Alice' : 'Albert', 'Q'],
        prefix: [female ? 'Mrs.' : 'Mr.'],
      },
    ],
    telecom: [{ system: 'phone', value: `555-${100 + (index % 899)}-${1000 + (index % 8999)}`, use: 'home' }],
    gender: female ? 'female' : 'male',
    birthDate: `${1940 + Math.floor(random() * 66)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`,
    address: [
      {
        extension: [
          {
            url: 'http://hl7.org/fhir/StructureDefinition/geolocation',
            extension: [
              { url: 'latitude', valueDecimal: 44 + random() },
              { url: 'longitude', valueDecimal: -92 - random() },
            ],
          },
        ],
        line: [`${100 + (index % 900)} Main Street Suite ${index % 97}`],
        city: 'Rochester',
        state: 'MN',
        postalCode: '55901',
        country: 'US',
      },
    ],
    maritalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M', display: 'M' }],
      text: 'M',
    },
    communication: [
      {
        language: {
          coding: [{ system: 'urn:ietf:bcp:47', code: 'en-US', display: 'English' }],
          text: 'English',
        },
      },
    ],
  };
}

/** Encounters, lab reports, claims and explanations of benefit: in every EHR export, read past by the screener. */
function administrativeResources(
  subject: { reference: string },
  encounters: string[],
  labIds: string[],
  random: () => number,
): object[] {
  const out: object[] = [];
  encounters.forEach((id, i) => {
    const start = `${day(-60 + i * 15)}T09:00:00-05:00`;
    out.push({
      resourceType: 'Encounter',
      id,
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      type: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '185349003',
              display: 'Encounter for check up (procedure)',
            },
          ],
          text: 'Oncology visit',
        },
      ],
      subject,
      participant: [{ individual: { reference: `Practitioner/${uuid(random)}`, display: 'Dr. Rivera' } }],
      period: { start, end: start.replace('T09', 'T09:45').slice(0, 19) },
      reasonCode: [
        {
          coding: [
            {
              system: 'http://snomed.info/sct',
              code: '109841003',
              display: 'Liver cell carcinoma (disorder)',
            },
          ],
        },
      ],
      serviceProvider: { reference: `Organization/${uuid(random)}`, display: 'Mayo Clinic in Rochester' },
    });
  });
  for (const [code, display] of [
    ['58410-2', 'CBC panel - Blood by Automated count'],
    ['24323-8', 'Comprehensive metabolic 2000 panel - Serum or Plasma'],
    ['34555-3', 'Coagulation studies panel - Platelet poor plasma'],
  ] as const) {
    out.push({
      resourceType: 'DiagnosticReport',
      id: uuid(random),
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB', display: 'Laboratory' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
      subject,
      effectiveDateTime: `${day(-10)}T08:00:00-05:00`,
      issued: `${day(-10)}T14:02:11.684-05:00`,
      result: labIds.slice(0, 9).map((id) => ({ reference: `Observation/${id}` })),
    });
  }
  for (let i = 0; i < 2; i++) {
    const claim = uuid(random);
    const item = (sequence: number, text: string) => ({
      sequence,
      productOrService: {
        coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: text }],
        text,
      },
      encounter: [{ reference: `Encounter/${encounters[i]}` }],
    });
    out.push({
      resourceType: 'Claim',
      id: claim,
      status: 'active',
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }],
      },
      use: 'claim',
      patient: subject,
      billablePeriod: {
        start: `${day(-60 + i * 15)}T09:00:00-05:00`,
        end: `${day(-60 + i * 15)}T09:45:00-05:00`,
      },
      created: `${day(-60 + i * 15)}T09:45:00-05:00`,
      provider: { reference: `Organization/${uuid(random)}` },
      priority: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/processpriority', code: 'normal' }],
      },
      insurance: [{ sequence: 1, focal: true, coverage: { display: 'Medicare' } }],
      item: [item(1, 'Encounter for check up'), item(2, 'Laboratory panel'), item(3, 'Imaging review')],
      total: { value: 612.4, currency: 'USD' },
    });
    out.push({
      resourceType: 'ExplanationOfBenefit',
      id: uuid(random),
      contained: [
        {
          resourceType: 'ServiceRequest',
          id: 'referral',
          status: 'completed',
          intent: 'order',
          subject,
          requester: { reference: `Practitioner/${uuid(random)}` },
        },
        {
          resourceType: 'Coverage',
          id: 'coverage',
          status: 'active',
          type: { text: 'Medicare' },
          beneficiary: subject,
          payor: [{ display: 'Medicare' }],
        },
      ],
      identifier: [{ system: 'https://bluebutton.cms.gov/resources/variables/clm_id', value: uuid(random) }],
      status: 'active',
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'institutional' }],
      },
      use: 'claim',
      patient: subject,
      billablePeriod: {
        start: `${day(-60 + i * 15)}T09:00:00-05:00`,
        end: `${day(-60 + i * 15)}T09:45:00-05:00`,
      },
      created: `${day(-60 + i * 15)}T09:45:00-05:00`,
      insurer: { display: 'Medicare' },
      provider: { reference: `Practitioner/${uuid(random)}` },
      claim: { reference: `Claim/${claim}` },
      outcome: 'complete',
      insurance: [{ focal: true, coverage: { reference: '#coverage', display: 'Medicare' } }],
      item: [1, 2, 3].map((sequence) => ({
        sequence,
        category: {
          coding: [
            {
              system: 'https://bluebutton.cms.gov/resources/variables/line_cms_type_srvc_cd',
              code: '1',
              display: 'Medical care',
            },
          ],
        },
        productOrService: {
          coding: [
            { system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' },
          ],
        },
        servicedPeriod: {
          start: `${day(-60 + i * 15)}T09:00:00-05:00`,
          end: `${day(-60 + i * 15)}T09:45:00-05:00`,
        },
        locationCodeableConcept: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/ex-serviceplace',
              code: '19',
              display: 'Off Campus-Outpatient Hospital',
            },
          ],
        },
        encounter: [{ reference: `Encounter/${encounters[i]}` }],
        net: { value: 204.13, currency: 'USD' },
        adjudication: [
          {
            category: {
              coding: [
                {
                  system: 'https://bluebutton.cms.gov/resources/codesystem/adjudication',
                  code: 'https://bluebutton.cms.gov/resources/variables/line_coinsrnc_amt',
                  display: 'Line Beneficiary Coinsurance Amount',
                },
              ],
            },
            amount: { value: 40.82, currency: 'USD' },
          },
          {
            category: {
              coding: [
                {
                  system: 'https://bluebutton.cms.gov/resources/codesystem/adjudication',
                  code: 'https://bluebutton.cms.gov/resources/variables/line_prvdr_pmt_amt',
                  display: 'Line Provider Payment Amount',
                },
              ],
            },
            amount: { value: 163.31, currency: 'USD' },
          },
        ],
      })),
      total: [
        {
          category: {
            coding: [
              {
                system: 'http://terminology.hl7.org/CodeSystem/adjudication',
                code: 'submitted',
                display: 'Submitted Amount',
              },
            ],
          },
          amount: { value: 612.4, currency: 'USD' },
        },
      ],
      payment: { amount: { value: 489.93, currency: 'USD' } },
    });
  }
  return out;
}

/** All resources of one patient, Patient first: the clinical ones, then the administrative ones. */
export function patientResources(index: number, random: () => number): object[] {
  const id = uuid(random);
  const subject = { reference: `Patient/${id}` };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  const rid = (_prefix: string) => uuid(random);
  const female = chance(0.3);
  const encounters = [uuid(random), uuid(random), uuid(random), uuid(random)];
  const resources: object[] = [patientResource(id, index, female, random)];
  for (const offset of [-40, -10]) {
    for (const lab of LABS) {
      const [unit, factor] = pick(lab.units);
      const value = round((lab.range[0] + random() * (lab.range[1] - lab.range[0])) * factor, 3);
      resources.push({
        resourceType: 'Observation',
        id: rid('lab'),
        status: 'final',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
            ],
          },
        ],
        code: {
          coding: [{ system: 'http://loinc.org', code: lab.loinc, display: lab.name }],
          text: lab.name,
        },
        subject,
        effectiveDateTime: `${day(offset)}T08:${10 + Math.floor(random() * 40)}:00-05:00`,
        issued: `${day(offset)}T14:00:00-05:00`,
        valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
        ...(lab.high
          ? {
              referenceRange: [
                {
                  high: {
                    value: round(lab.high * factor, 3),
                    unit,
                    system: 'http://unitsofmeasure.org',
                    code: unit,
                  },
                },
              ],
            }
          : {}),
      });
    }
    resources.push({
      resourceType: 'Observation',
      id: rid('bp'),
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel' }] },
      subject,
      effectiveDateTime: `${day(offset)}T08:05:00-05:00`,
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] },
          valueQuantity: {
            value: 110 + Math.floor(random() * 60),
            unit: 'mm[Hg]',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        },
        {
          code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] },
          valueQuantity: {
            value: 65 + Math.floor(random() * 45),
            unit: 'mm[Hg]',
            system: 'http://unitsofmeasure.org',
            code: 'mm[Hg]',
          },
        },
      ],
    });
    resources.push({
      resourceType: 'Observation',
      id: rid('ecog'),
      status: 'final',
      code: {
        coding: [{ system: 'http://loinc.org', code: '89247-1', display: 'ECOG Performance Status score' }],
      },
      subject,
      effectiveDateTime: `${day(offset)}T09:00:00-05:00`,
      valueInteger: pick([0, 0, 1, 1, 1, 2, 3]),
    });
  }
  for (const [loinc, name] of [
    ['5196-1', 'Hepatitis B virus surface Ag [Presence] in Serum by Immunoassay'],
    ['16933-4', 'Hepatitis B virus core Ab [Presence] in Serum'],
    ['16128-1', 'Hepatitis C virus Ab [Presence] in Serum'],
  ] as const) {
    const positive = chance(0.15);
    resources.push({
      resourceType: 'Observation',
      id: rid('sero'),
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: loinc, display: name }] },
      subject,
      effectiveDateTime: `${day(-20)}T08:00:00Z`,
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
  for (let lesion = 0; lesion < 2; lesion++) {
    resources.push({
      resourceType: 'Observation',
      id: rid('lesion'),
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '21889-1', display: 'Size Tumor' }] },
      subject,
      effectiveDateTime: `${day(-12)}T10:00:00Z`,
      bodySite: { text: pick(['liver segment VII', 'liver segment IV', 'portal lymph node', 'lung']) },
      valueQuantity: lesionSize(5 + random() * 60, chance(0.3)),
    });
  }
  const conditions: Array<[string, string, string]> = [
    ['C22.0', 'Liver cell carcinoma', '2024-05-02'],
    ['K74.60', 'Unspecified cirrhosis of liver', '2022-01-10'],
    ['I10', 'Essential (primary) hypertension', '2015-06-01'],
  ];
  if (chance(0.2)) conditions.push(['E11.9', 'Type 2 diabetes mellitus without complications', '2018-03-03']);
  if (chance(0.05)) conditions.push(['C79.31', 'Secondary malignant neoplasm of brain', '2026-01-20']);
  if (chance(0.05)) conditions.push(['L40.0', 'Psoriasis vulgaris', '2010-01-01']);
  if (chance(0.05)) conditions.push(['I85.00', 'Esophageal varices without bleeding', '2025-11-11']);
  for (const [code, display, onset] of conditions) {
    resources.push({
      resourceType: 'Condition',
      id: rid('cond'),
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code, display }], text: display },
      subject,
      onsetDateTime: onset,
      recordedDate: onset,
    });
  }
  const medications: Array<[string, string, string | undefined]> = [
    ['atezolizumab 1200 MG in 20 ML Injection', '2024-07-01', day(-30 - Math.floor(random() * 20))],
    ['bevacizumab 15 MG/KG Injection', '2024-07-01', day(-30 - Math.floor(random() * 20))],
    ['amlodipine 5 MG Oral Tablet', '2015-06-01', undefined],
    ['lactulose 10 GM/15ML Oral Solution', '2025-02-01', undefined],
    ['pantoprazole 40 MG Delayed Release Oral Tablet', '2023-04-04', undefined],
    ['furosemide 20 MG Oral Tablet', '2024-09-09', undefined],
  ];
  if (chance(0.15)) medications.push(['entecavir 0.5 MG Oral Tablet', '2023-01-01', undefined]);
  if (chance(0.1)) medications.push(['sorafenib 200 MG Oral Tablet', '2023-06-01', '2023-12-01']);
  if (chance(0.08)) medications.push(['prednisone 10 MG Oral Tablet', day(-20), day(-5)]);
  if (chance(0.05)) medications.push(['rifampin 300 MG Oral Capsule', day(-25), undefined]);
  for (const [name, start, end] of medications) {
    resources.push({
      resourceType: 'MedicationStatement',
      id: rid('med'),
      status: end ? 'completed' : 'active',
      medicationCodeableConcept: {
        coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', display: name }],
        text: name,
      },
      subject,
      effectivePeriod: { start, ...(end ? { end } : {}) },
      dateAsserted: day(-1),
    });
  }
  for (const [code, display, offset] of [
    ['37243', 'Transcatheter arterial chemoembolization', -400],
    ['74177', 'CT abdomen and pelvis with contrast', -12],
    ['47000', 'Liver biopsy, percutaneous needle', -700],
  ] as const) {
    resources.push({
      resourceType: 'Procedure',
      id: rid('proc'),
      status: 'completed',
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code, display }], text: display },
      subject,
      performedDateTime: `${day(offset)}T10:00:00Z`,
    });
  }
  for (const [cvx, display, offset] of [
    ['140', 'Influenza, seasonal, injectable, preservative free', -150],
    ['208', 'SARS-COV-2 (COVID-19) vaccine, mRNA', -300],
    [chance(0.03) ? '03' : '33', chance(0.5) ? 'MMR' : 'pneumococcal polysaccharide PPV23', -20],
  ] as const) {
    resources.push({
      resourceType: 'Immunization',
      id: rid('imm'),
      status: 'completed',
      vaccineCode: { coding: [{ system: 'http://hl7.org/fhir/sid/cvx', code: cvx, display }] },
      patient: subject,
      occurrenceDateTime: `${day(offset)}T11:00:00Z`,
    });
  }
  resources.push({
    resourceType: 'AllergyIntolerance',
    id: rid('allergy'),
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    code: {
      coding: [
        { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '7980', display: 'penicillin G' },
      ],
      text: 'Penicillin',
    },
    patient: subject,
    reaction: [{ manifestation: [{ text: 'rash' }], severity: 'mild' }],
  });
  const yes = (linkId: string) => ({ linkId, answer: [{ valueBoolean: chance(0.95) }] });
  resources.push({
    resourceType: 'QuestionnaireResponse',
    id: rid('qr'),
    status: 'completed',
    subject,
    authored: `${day(-2)}T15:00:00Z`,
    item: [
      { linkId: 'consent-date', answer: [{ valueDate: day(-Math.floor(random() * 40)) }] },
      {
        linkId: 'hcc-diagnosis-basis',
        answer: [{ valueCoding: { code: pick(['histology', 'clinical-aasld']) } }],
      },
      { linkId: 'first-line-progression-date', answer: [{ valueDate: day(-45) }] },
      { linkId: 'ascites', answer: [{ valueCoding: { code: pick(['none', 'none', 'mild']) } }] },
      {
        linkId: 'encephalopathy',
        answer: [{ valueCoding: { code: pick(['none', 'none', 'none', 'grade-1-2']) } }],
      },
      { linkId: 'childbearing-potential', answer: [{ valueBoolean: female && chance(0.3) }] },
      { linkId: 'planned-mki', answer: [{ valueCoding: { code: pick(['cabozantinib', 'lenvatinib']) } }] },
      ...ATTESTED.map(yes),
    ],
  });
  const labIds = resources.flatMap((r) =>
    (r as { resourceType: string }).resourceType === 'Observation' ? [(r as { id: string }).id] : [],
  );
  const clinical = resources.map((r, i) =>
    i === 0 ? r : decorate(r as Record<string, unknown>, random, encounters[i % encounters.length] as string),
  );
  return [
    ...clinical,
    ...administrativeResources(subject, encounters, labIds, random).map((r) =>
      decorate(r as Record<string, unknown>, random, ''),
    ),
  ];
}

/** Writes `patients` patients as grouped NDJSON to `file`; returns the number of lines. */
export async function writePopulation(file: string, patients: number, seed = 20260330): Promise<number> {
  const random = prng(seed);
  const out = createWriteStream(file);
  let lines = 0;
  let chunk: string[] = [];
  for (let i = 0; i < patients; i++) {
    for (const resource of patientResources(i, random)) {
      chunk.push(JSON.stringify(resource));
      lines++;
    }
    if (chunk.length > 2000) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  if (chunk.length) out.write(`${chunk.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return lines;
}
