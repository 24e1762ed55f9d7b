/** The shape an EHR's Bulk export gives resources: meta, narrative, encounter links, and a full Patient. */
import { uuid } from './basics.ts';

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
export function decorate(resource: Record<string, unknown>, random: () => number, encounter: string): object {
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

export function patientResource(id: string, index: number, female: boolean, random: () => number): object {
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
