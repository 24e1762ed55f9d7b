/**
 * Lab results typed into trialkit, written as FHIR R4: a laboratory Observation per result (LOINC codes
 * of the protocol's lab, the value in the unit as entered, UCUM), and a collection Bundle for a panel.
 */

import { randomUUID } from 'node:crypto';
import type { Bundle, Observation } from '@medplum/fhirtypes';
import { SYSTEMS } from '../eligibility/index.ts';

export interface EnteredLab {
  /** The lab's name and LOINC codes, as the protocol's terminology gives them. */
  name: string;
  loinc: readonly string[];
}

export interface EnteredResult {
  value: number;
  unit: string;
  /** YYYY-MM-DD, the day the sample was taken. */
  date: string;
}

/** A FHIR R4 laboratory Observation of an entered result, about the subject's FHIR Patient. */
export function labObservation(lab: EnteredLab, patientId: string, result: EnteredResult): Observation {
  return {
    resourceType: 'Observation',
    id: randomUUID(),
    status: 'final',
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/observation-category',
            code: 'laboratory',
            display: 'Laboratory',
          },
        ],
      },
    ],
    code: { coding: lab.loinc.map((code) => ({ system: SYSTEMS.loinc, code })), text: lab.name },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: result.date,
    valueQuantity: { value: result.value, unit: result.unit, system: SYSTEMS.ucum, code: result.unit },
  };
}

/** Several Observations as one collection Bundle (one upload). */
export const labCollection = (observations: readonly Observation[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'collection',
  entry: observations.map((resource) => ({ fullUrl: `urn:uuid:${resource.id}`, resource })),
});
