/** One parsed resource → the facts it contributes (the dispatch over resource types). */
import type {
  AdverseEvent,
  AllergyIntolerance,
  Condition,
  Immunization,
  Observation,
  Patient,
  Procedure,
  QuestionnaireResponse,
} from '@medplum/fhirtypes';
import { mapAdverseEvent } from './adverse-event.ts';
import { mapAllergy } from './allergy.ts';
import { mapCondition } from './condition.ts';
import { mapImmunization } from './immunization.ts';
import type { MapContext, MedicationInfo, Produced } from './mapping.ts';
import { type MedicationUse, mapMedicationUse } from './medication.ts';
import { mapObservation } from './observation.ts';
import { mapPatient } from './patient.ts';
import { mapProcedure } from './procedure.ts';
import { mapQuestionnaireResponse } from './questionnaire.ts';

/**
 * `resource` has already been classified as Patient or a patient-scoped type; `medication` is the
 * resolved Medication of a medication use that names one by reference. Undefined = dropped by status.
 */
export function mapResource(
  resourceType: string,
  resource: object,
  ctx: MapContext,
  medication?: MedicationInfo,
): Produced | undefined {
  switch (resourceType) {
    case 'Patient':
      return mapPatient(resource as Patient, ctx);
    case 'Observation':
      return mapObservation(resource as Observation, ctx);
    case 'Condition':
      return mapCondition(resource as Condition, ctx);
    case 'MedicationStatement':
    case 'MedicationRequest':
    case 'MedicationAdministration':
      return mapMedicationUse(resource as MedicationUse, ctx, medication);
    case 'Procedure':
      return mapProcedure(resource as Procedure, ctx);
    case 'Immunization':
      return mapImmunization(resource as Immunization, ctx);
    case 'AllergyIntolerance':
      return mapAllergy(resource as AllergyIntolerance, ctx);
    case 'AdverseEvent':
      return mapAdverseEvent(resource as AdverseEvent, ctx);
    case 'QuestionnaireResponse':
      return mapQuestionnaireResponse(resource as QuestionnaireResponse, ctx);
    default:
      return undefined;
  }
}
