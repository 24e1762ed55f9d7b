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
import { attestedCriteria, loadProtocol } from '../../src/protocol/index.ts';
import { administrativeResources } from './administrative.ts';
import { day, INDEX_DATE, lesionSize, prng, round, uuid } from './basics.ts';
import { decorate, patientResource } from './ehr-export.ts';
import { LABS } from './labs.ts';

export { INDEX_DATE };

/** The criteria a person confirms in the questionnaire; the generated coordinators confirm them (mostly). */
const ATTESTED = attestedCriteria(loadProtocol());

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
