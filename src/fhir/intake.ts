/**
 * The in-memory core of intake: classifies parsed resources, keeps Medication resources in a global
 * map, expands Bundles (resolving references through fullUrl), and feeds each patient's builder.
 * `factsFromResources` and `factsFromBundle` are this, run over values already in memory.
 */
import type { Medication } from '@medplum/fhirtypes';
import type { PatientFacts, QuestionnaireItem } from '../eligibility/index.ts';
import { mapResource } from './map-resource.ts';
import type { MapContext, MedicationInfo, Produced } from './mapping.ts';
import {
  containedMedication,
  type MedicationUse,
  medicationInfo,
  medicationReferenceOf,
} from './medication.ts';
import { type BuilderEntry, PatientBuilder } from './patient-builder.ts';
import {
  idFromFullUrl,
  type KeyResult,
  parseReference,
  patientIdFromReference,
  patientKeyOf,
} from './references.ts';
import type { IntakeError } from './types.ts';
import { arr, str } from './values.ts';

type Json = Record<string, unknown>;

const NO_ERRORS: readonly IntakeError[] = Object.freeze([]);

const MEDICATION_USE_TYPES = new Set([
  'MedicationStatement',
  'MedicationRequest',
  'MedicationAdministration',
]);

/** Points at entry `index` of the Bundle found at `bundle` (itself a locator), for re-reading duplicates. */
class EntryLocator {
  constructor(
    readonly bundle: unknown,
    readonly index: number,
  ) {}
}

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `x.reference` when x is a JSON object (what the key scanner reads for `subject` and `patient`). */
function referenceField(value: unknown): unknown {
  return isObject(value) ? value.reference : undefined;
}

/** The resources of one Bundle by fullUrl and by `Type/id`, for resolving references inside it. */
export class BundleScope {
  private readonly byFullUrl = new Map<string, { resource: Json; id: string | undefined }>();
  private readonly byTypeId = new Map<string, { resource: Json; id: string | undefined }>();

  constructor(entries: readonly unknown[]) {
    for (const entry of entries) {
      if (!isObject(entry) || !isObject(entry.resource)) continue;
      const resource = entry.resource;
      if (typeof resource.resourceType !== 'string') continue;
      const fullUrl = str(entry.fullUrl);
      const id = str(resource.id) ?? (fullUrl === undefined ? undefined : idFromFullUrl(fullUrl));
      const target = { resource, id };
      if (fullUrl !== undefined) this.byFullUrl.set(fullUrl, target);
      if (id !== undefined) this.byTypeId.set(`${resource.resourceType}/${id}`, target);
    }
  }

  private find(reference: string): { resource: Json; id: string | undefined } | undefined {
    const exact = this.byFullUrl.get(reference);
    if (exact !== undefined) return exact;
    const parsed = parseReference(reference);
    return parsed?.type === undefined ? undefined : this.byTypeId.get(`${parsed.type}/${parsed.id}`);
  }

  /** The Patient id a reference resolves to; null when it names something else in the Bundle. */
  readonly patientId = (reference: string): string | null => {
    const target = this.find(reference);
    if (target !== undefined) return target.resource.resourceType === 'Patient' ? (target.id ?? null) : null;
    return patientIdFromReference(reference) ?? null;
  };

  medication(reference: string): MedicationInfo | undefined {
    const target = this.find(reference);
    return target?.resource.resourceType === 'Medication'
      ? medicationInfo(target.resource as unknown as Medication)
      : undefined;
  }
}

/**
 * The MapContext of the resource being mapped. Mapping is synchronous, so one context is re-pointed
 * at each resource in turn instead of building closures per resource (a million resources, a
 * million fewer allocations).
 */
class CurrentResource implements MapContext {
  ref = '';
  source = '';
  entry: BuilderEntry | undefined;

  constructor(
    private readonly intake: Intake,
    readonly questionnaire: IntakeOptions['questionnaire'],
  ) {}

  readonly warn = (message: string): void => {
    if (this.entry === undefined) return;
    this.entry.warnings ??= [];
    this.entry.warnings.push(`${this.ref}: ${message}`);
  };

  readonly error = (message: string): void => {
    this.intake.error(this.source, `${this.ref} ${message}`);
  };
}

export interface IntakeOptions {
  /** Returns the resource a locator points at (for comparing duplicates); default: the locator is the resource. */
  loadResource?: (locator: unknown) => unknown;
  /**
   * The protocol's questionnaire items (Protocol.questionnaire.items): the named facts a
   * QuestionnaireResponse answers, their kinds and codes. Absent: items are read as their answers' types say.
   */
  questionnaire?: readonly QuestionnaireItem[] | undefined;
}

export class Intake {
  readonly medications = new Map<string, MedicationInfo>();
  private readonly builders = new Map<string, PatientBuilder>();
  /** Patients already finished (and handed out): a late resource for one of them cannot join it. */
  private readonly finished = new Set<string>();
  private errors: IntakeError[] = [];
  private readonly loadContent = (locator: unknown): string => JSON.stringify(this.loadResource(locator));
  private readonly context: CurrentResource;

  constructor(private readonly options: IntakeOptions = {}) {
    this.context = new CurrentResource(this, options.questionnaire);
  }

  error(source: string, message: string): void {
    this.errors.push({ source, message });
  }

  /** The errors reported since the last call. */
  takeErrors(): readonly IntakeError[] {
    if (this.errors.length === 0) return NO_ERRORS;
    const errors = this.errors;
    this.errors = [];
    return errors;
  }

  private loadResource(locator: unknown): unknown {
    if (locator instanceof EntryLocator) {
      const bundle = this.loadResource(locator.bundle) as { entry?: Array<{ resource?: unknown }> };
      return bundle.entry?.[locator.index]?.resource;
    }
    return this.options.loadResource === undefined ? locator : this.options.loadResource(locator);
  }

  classify(resource: unknown, scope?: BundleScope, id?: string): KeyResult {
    if (!isObject(resource))
      return { kind: 'error', message: 'not a FHIR resource (not a JSON object); skipped' };
    return patientKeyOf(
      resource.resourceType,
      id ?? resource.id,
      referenceField(resource.subject),
      referenceField(resource.patient),
      scope?.patientId,
    );
  }

  /**
   * Adds any parsed value: a Medication goes to the global map, a Bundle is expanded, a Patient or
   * patient-scoped resource goes to its patient, other types are ignored. Returns the patient key.
   */
  addResource(
    resource: unknown,
    source: string,
    locator: unknown,
    scope?: BundleScope,
    id?: string,
  ): string | undefined {
    const key = this.classify(resource, scope, id);
    switch (key.kind) {
      case 'error':
        this.error(source, key.message);
        return undefined;
      case 'medication':
        this.addMedication(resource as Medication, id);
        return undefined;
      case 'bundle':
        this.addBundle(resource, source, locator);
        return undefined;
      case 'ignored':
        return undefined;
      case 'patient':
        this.addToPatient(key.key, resource as Json, source, locator, scope, id);
        return key.key;
    }
  }

  addMedication(medication: Medication, id?: string): void {
    const key = id ?? str(medication.id);
    if (key !== undefined) this.medications.set(key, medicationInfo(medication));
  }

  addBundle(bundle: unknown, source: string, locator: unknown): void {
    if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
      const type = isObject(bundle) ? str(bundle.resourceType) : undefined;
      this.error(source, `not a Bundle${type === undefined ? '' : ` (resourceType ${type})`}; skipped`);
      return;
    }
    const entries = arr(bundle.entry as unknown[]);
    const scope = new BundleScope(entries);
    entries.forEach((entry, index) => {
      const entrySource = `${source}#entry[${index}]`;
      if (!isObject(entry)) {
        this.error(entrySource, 'not a Bundle entry (not a JSON object); skipped');
        return;
      }
      // An entry without a resource (a DELETE in a transaction, a batch-response status) has no facts.
      if (entry.resource === undefined) return;
      const fullUrl = str(entry.fullUrl);
      const id = isObject(entry.resource)
        ? (str(entry.resource.id) ?? (fullUrl === undefined ? undefined : idFromFullUrl(fullUrl)))
        : undefined;
      this.addResource(entry.resource, entrySource, new EntryLocator(locator, index), scope, id);
    });
  }

  private findMedication(reference: string): MedicationInfo | undefined {
    const target = parseReference(reference);
    if (target === undefined || (target.type !== undefined && target.type !== 'Medication')) return undefined;
    return this.medications.get(target.id);
  }

  /** Adds an already classified resource to patient `key`. */
  addToPatient(
    key: string,
    resource: Json,
    source: string,
    locator: unknown,
    scope?: BundleScope,
    id?: string,
  ): void {
    const resourceType = resource.resourceType as string;
    const resourceId = id ?? str(resource.id);
    const ref = `${resourceType}/${resourceId ?? '(no id)'}`;
    const entry: BuilderEntry = {
      ref: resourceId === undefined ? undefined : ref,
      source,
      lastUpdated: isObject(resource.meta) ? str(resource.meta.lastUpdated) : undefined,
      locator,
      produced: undefined,
      isPatient: resourceType === 'Patient',
    };
    if (this.finished.has(key)) {
      this.error(
        source,
        `${ref} belongs to patient ${key}, whose facts were already handed out (the input was not grouped by patient as the pre-scan found); skipped`,
      );
      return;
    }
    let builder = this.builders.get(key);
    if (builder === undefined) {
      builder = new PatientBuilder(key, this.loadContent);
      this.builders.set(key, builder);
    }
    // Map only the copy that is kept, so a duplicate never reports its problems twice.
    if (builder.add(entry) !== entry) return;
    let medication: MedicationInfo | undefined;
    if (MEDICATION_USE_TYPES.has(resourceType)) {
      const reference = medicationReferenceOf(resource as unknown as MedicationUse);
      if (reference !== undefined) {
        medication =
          containedMedication(resource as unknown as MedicationUse, reference) ??
          scope?.medication(reference) ??
          this.findMedication(reference);
        // Not known yet: a Medication line may still come; mapped when the patient is finished.
        if (medication === undefined) {
          entry.deferred = { resourceType, resource, reference };
          return;
        }
      }
    }
    entry.produced = this.map(resourceType, resource, entry, medication);
  }

  private map(
    resourceType: string,
    resource: Json,
    entry: BuilderEntry,
    medication: MedicationInfo | undefined,
  ): Produced | undefined {
    const ctx = this.context;
    ctx.ref = entry.ref ?? `${resourceType}/(no id)`;
    ctx.source = entry.source;
    ctx.entry = entry;
    try {
      return mapResource(resourceType, resource, ctx, medication);
    } catch (e) {
      this.error(
        ctx.source,
        `${ctx.ref} could not be read (${e instanceof Error ? e.message : String(e)}); skipped`,
      );
      return undefined;
    }
  }

  /** Patients collected so far, in order of first appearance. */
  patientKeys(): string[] {
    return [...this.builders.keys()];
  }

  /** Finishes patient `key` (mapping any deferred medication use now) and forgets it. */
  finishPatient(key: string): PatientFacts | undefined {
    const builder = this.builders.get(key);
    if (builder === undefined) return undefined;
    this.builders.delete(key);
    this.finished.add(key);
    for (const entry of builder.entriesInOrder()) {
      const deferred = entry.deferred;
      if (deferred === undefined) continue;
      entry.deferred = undefined;
      const medication = this.findMedication(deferred.reference);
      entry.produced = this.map(deferred.resourceType, deferred.resource, entry, medication);
    }
    return builder.finish();
  }

  finishAll(): PatientFacts[] {
    return this.patientKeys().map((key) => this.finishPatient(key) as PatientFacts);
  }
}

/** Pure: a list of resources (e.g. parsed NDJSON lines) → patients, grouped by patient. */
export function factsFromResources(
  resources: Array<{ resource: unknown; source: string }>,
  options: Pick<IntakeOptions, 'questionnaire'> = {},
): {
  patients: PatientFacts[];
  errors: IntakeError[];
} {
  const intake = new Intake(options);
  for (const { resource, source } of resources) intake.addResource(resource, source, resource);
  const patients = intake.finishAll();
  return { patients, errors: [...intake.takeErrors()] };
}

/** Pure, for tests and the server: a parsed Bundle (any type) → patients. */
export function factsFromBundle(
  bundle: unknown,
  source: string,
  options: Pick<IntakeOptions, 'questionnaire'> = {},
): { patients: PatientFacts[]; errors: IntakeError[] } {
  const intake = new Intake(options);
  intake.addBundle(bundle, source, bundle);
  const patients = intake.finishAll();
  return { patients, errors: [...intake.takeErrors()] };
}
