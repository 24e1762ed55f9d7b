/**
 * Which patient a resource belongs to. Shared by the JSON path and the pre-scan's key scanner
 * (key-scanner.ts), so both derive the same key from the same four strings.
 */

/** Resource types whose facts belong to one patient (by `subject`, or `patient` for the two that use it). */
export const PATIENT_SCOPED_TYPES: ReadonlySet<string> = new Set([
  'Observation',
  'Condition',
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
  'Procedure',
  'Immunization',
  'AllergyIntolerance',
  'AdverseEvent',
  'QuestionnaireResponse',
]);

/** R4 names the patient `patient` in these types and `subject` in the others. */
const PATIENT_FIELD_TYPES: ReadonlySet<string> = new Set(['Immunization', 'AllergyIntolerance']);

/** Segments of a FHIR resource id (R4: [A-Za-z0-9\-\.]{1,64}; we accept anything without '/', '?' or '#'). */
const TYPED_REFERENCE = /(?:^|\/)([A-Z][A-Za-z]+)\/([^/?#]+)(?:\/_history\/[^/?#]+)?$/;
const URN = /^urn:(?:uuid|oid):(.+)$/;

/**
 * The target of a reference as type and id: 'Patient/123', 'https://x/fhir/Patient/123',
 * 'Patient/123/_history/2' → { type: 'Patient', id: '123' }; 'urn:uuid:X' → { id: 'X' } (untyped).
 * Contained ('#x'), conditional ('Patient?identifier=…') and other forms → undefined.
 */
export function parseReference(reference: string): { type?: string; id: string } | undefined {
  const urn = URN.exec(reference);
  if (urn !== null) return { id: urn[1] as string };
  const typed = TYPED_REFERENCE.exec(reference);
  if (typed === null) return undefined;
  return { type: typed[1] as string, id: typed[2] as string };
}

/** The Patient id a reference names outside a Bundle (urn:uuid:X is taken to be Patient X). */
export function patientIdFromReference(reference: string): string | undefined {
  // Fast path for the usual 'Patient/123' (a Bulk export has one per line).
  if (reference.startsWith('Patient/') && isPlainId(reference, 8)) return reference.slice(8);
  const target = parseReference(reference);
  if (target === undefined || (target.type !== undefined && target.type !== 'Patient')) return undefined;
  return target.id;
}

/** True when text[from…] is a non-empty id with no '/', '?' or '#'. */
function isPlainId(text: string, from: number): boolean {
  if (text.length <= from) return false;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2f || c === 0x3f || c === 0x23) return false;
  }
  return true;
}

/** The id of the resource a Bundle entry's fullUrl names ('urn:uuid:X' → X, '…/Patient/X' → X). */
export function idFromFullUrl(fullUrl: string): string | undefined {
  return parseReference(fullUrl)?.id;
}

/** Whether patientKeyOf gives 'ignored' for a resource of this type, whatever its other fields. */
export function isIgnoredType(resourceType: string): boolean {
  return (
    resourceType !== '' &&
    resourceType !== 'Patient' &&
    resourceType !== 'Medication' &&
    resourceType !== 'Bundle' &&
    !PATIENT_SCOPED_TYPES.has(resourceType)
  );
}

export type KeyResult =
  | { kind: 'patient'; key: string }
  | { kind: 'medication' }
  | { kind: 'bundle' }
  | { kind: 'ignored' }
  | { kind: 'error'; message: string };

/** The reference naming the patient: `subject.reference`, else `patient.reference` (when a string). */
/**
 * Whether the top-level keys read so far already decide which patient a line belongs to, whatever
 * follows (the pre-scan stops reading there): the resource type is known and, for a Patient, its id;
 * for a patient-scoped resource, its subject reference (which wins over `patient`, see
 * patientReference) or, for the types whose field is `patient`, that one. FHIR JSON forbids
 * duplicate property names; should a line repeat one anyway, the main pass's own check against
 * JSON.parse still decides (docs/fhir-intake.md, "Streaming and memory").
 */
export function keysDecidePatient(keys: {
  resourceType?: string;
  id?: string;
  subjectReference?: string;
  patientReference?: string;
}): boolean {
  const type = keys.resourceType;
  if (type === undefined) return false;
  if (type === 'Patient') return keys.id !== undefined;
  if (!PATIENT_SCOPED_TYPES.has(type)) return true;
  return (
    keys.subjectReference !== undefined ||
    (PATIENT_FIELD_TYPES.has(type) && keys.patientReference !== undefined)
  );
}

export function patientReference(
  subjectReference: unknown,
  patientReferenceValue: unknown,
): string | undefined {
  if (typeof subjectReference === 'string') return subjectReference;
  if (typeof patientReferenceValue === 'string') return patientReferenceValue;
  return undefined;
}

/**
 * The patient key of a resource from the four values that decide it. `resolve` maps a reference to a
 * patient id (`null` = it points at something that is not a Patient); by default the NDJSON rule.
 */
export function patientKeyOf(
  resourceType: unknown,
  id: unknown,
  subjectReference: unknown,
  patientReferenceValue: unknown,
  resolve: (reference: string) => string | null | undefined = patientIdFromReference,
): KeyResult {
  if (typeof resourceType !== 'string' || resourceType === '') {
    return { kind: 'error', message: 'not a FHIR resource (no resourceType); skipped' };
  }
  if (resourceType === 'Patient') {
    const key = typeof id === 'string' ? id.trim() : '';
    return key === '' ? { kind: 'error', message: 'Patient has no id; skipped' } : { kind: 'patient', key };
  }
  if (resourceType === 'Medication') return { kind: 'medication' };
  if (resourceType === 'Bundle') return { kind: 'bundle' };
  if (!PATIENT_SCOPED_TYPES.has(resourceType)) return { kind: 'ignored' };
  const reference = patientReference(subjectReference, patientReferenceValue);
  const key = reference === undefined ? undefined : resolve(reference);
  if (typeof key === 'string' && key !== '') return { kind: 'patient', key };
  // Only now the message's parts: this runs for every line of a large input.
  const name = `${resourceType}/${typeof id === 'string' && id !== '' ? id : '(no id)'}`;
  const field =
    typeof subjectReference === 'string' || !PATIENT_FIELD_TYPES.has(resourceType) ? 'subject' : 'patient';
  return {
    kind: 'error',
    message:
      reference === undefined
        ? `${name} has no ${field} reference to a Patient; skipped`
        : `${name} has no ${field} reference to a Patient (${field}.reference is '${reference}'); skipped`,
  };
}
