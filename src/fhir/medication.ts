/**
 * MedicationStatement / MedicationRequest / MedicationAdministration → MedicationFact, and Medication
 * resources → MedicationInfo (resolved by the caller: contained `#id`, same Bundle, or the global map).
 * Exposure rules (start, end, ongoing, planned) are documented in docs/fhir-intake.md.
 */
import type {
  CodeableConcept,
  Dosage,
  Quantity as FhirQuantity,
  Medication,
  MedicationAdministration,
  MedicationRequest,
  MedicationStatement,
  Reference,
  Timing,
} from '@medplum/fhirtypes';
import type { IsoDate, MedicationFact, MedicationResourceType, Quantity } from '../eligibility/index.ts';
import type { MapContext, MedicationInfo, Produced } from './mapping.ts';
import {
  addDays,
  arr,
  codesOf,
  codesOfAll,
  dateOf,
  lower,
  namesOf,
  notesOf,
  oneOrMany,
  pushUnique,
  quantityOf,
  str,
  textOf,
} from './values.ts';

export type MedicationUse = MedicationStatement | MedicationRequest | MedicationAdministration;

export function medicationInfo(medication: Medication): MedicationInfo {
  const codes = codesOf(medication.code);
  const names = namesOf(medication.code);
  for (const ingredient of arr(medication.ingredient)) {
    codesOf(ingredient?.itemCodeableConcept, codes);
    namesOf(ingredient?.itemCodeableConcept, names);
    const display = str(ingredient?.itemReference?.display);
    if (display !== undefined) pushUnique(names, lower(display));
  }
  return { codes, names, forms: namesOf(medication.form) };
}

/** The Medication a use record points at, when it names it by reference instead of a CodeableConcept. */
export function medicationReferenceOf(use: MedicationUse): string | undefined {
  if (use.medicationCodeableConcept !== undefined) return undefined;
  return str(use.medicationReference?.reference);
}

/** A `#id` reference to a Medication contained in the record itself. */
export function containedMedication(use: MedicationUse, reference: string): MedicationInfo | undefined {
  if (!reference.startsWith('#')) return undefined;
  const id = reference.slice(1);
  for (const contained of arr(use.contained)) {
    if (contained?.resourceType === 'Medication' && contained.id === id) return medicationInfo(contained);
  }
  return undefined;
}

interface Exposure {
  status: string;
  intent?: string;
  start?: IsoDate;
  end?: IsoDate;
  ongoing: boolean;
  planned: boolean;
}

/**
 * `medication`: the resolved Medication when the record uses medicationReference (undefined when it
 * could not be found: the fact keeps the reference's display only, with a warning).
 */
export function mapMedicationUse(
  use: MedicationUse,
  ctx: MapContext,
  medication: MedicationInfo | undefined,
): Produced | undefined {
  const exposure =
    use.resourceType === 'MedicationStatement'
      ? statementExposure(use, ctx)
      : use.resourceType === 'MedicationRequest'
        ? requestExposure(use, ctx)
        : administrationExposure(use, ctx);
  if (exposure === undefined) return undefined;

  const fact: MedicationFact = {
    ref: ctx.ref,
    source: ctx.source,
    resourceType: use.resourceType as MedicationResourceType,
    codes: [],
    names: [],
    ...exposure,
    routes: [],
    routeText: [],
    dosageText: [],
    reasons: codesOfAll(arr(use.reasonCode)),
    reasonText: [],
    categories: codesOfAll(oneOrMany<CodeableConcept>(use.category)),
    notes: notesOf(use.note).map(lower),
  };
  readMedication(use, medication, fact, ctx);
  for (const reason of arr(use.reasonCode)) namesOf(reason, fact.reasonText);
  for (const reason of arr<Reference>(use.reasonReference)) {
    const display = str(reason?.display);
    if (display !== undefined) pushUnique(fact.reasonText, lower(display));
  }
  readDosage(use, fact, ctx);
  for (const name of fact.names) {
    for (const word of name.match(DOSE_FORM_WORDS) ?? []) pushUnique(fact.routeText, word);
  }
  return { medications: [fact] };
}

function readMedication(
  use: MedicationUse,
  medication: MedicationInfo | undefined,
  fact: MedicationFact,
  ctx: MapContext,
): void {
  if (use.medicationCodeableConcept !== undefined) {
    codesOf(use.medicationCodeableConcept, fact.codes);
    namesOf(use.medicationCodeableConcept, fact.names);
    return;
  }
  const reference = use.medicationReference;
  if (medication !== undefined) {
    fact.codes.push(...medication.codes);
    for (const name of medication.names) pushUnique(fact.names, name);
    for (const form of medication.forms) pushUnique(fact.routeText, form);
  } else if (str(reference?.reference) !== undefined) {
    ctx.warn(`medicationReference ${reference?.reference} was not found; only its display name is known`);
  } else {
    ctx.warn('names no medication (no medicationCodeableConcept or medicationReference)');
  }
  const display = str(reference?.display);
  if (display !== undefined) pushUnique(fact.names, lower(display));
}

const ONGOING = new Set(['active', 'on-hold']);

function statementExposure(s: MedicationStatement, ctx: MapContext): Exposure | undefined {
  const status = str(s.status) ?? 'unknown';
  if (status === 'not-taken' || status === 'entered-in-error') return undefined;
  const exposure: Exposure = { status, ongoing: false, planned: status === 'intended' };
  if (s.effectivePeriod !== undefined) {
    setDate(exposure, 'start', dateOf(s.effectivePeriod?.start, 'effectivePeriod.start', ctx.warn));
    setDate(exposure, 'end', dateOf(s.effectivePeriod?.end, 'effectivePeriod.end', ctx.warn));
  } else {
    const date = dateOf(s.effectiveDateTime, 'effectiveDateTime', ctx.warn);
    setDate(exposure, 'start', date);
    // A finished statement dated by one day: that day is both the first and the last exposure.
    if (status === 'completed' || status === 'stopped') setDate(exposure, 'end', date);
  }
  exposure.ongoing = ONGOING.has(status) && exposure.end === undefined;
  return exposure;
}

function requestExposure(r: MedicationRequest, ctx: MapContext): Exposure | undefined {
  const status = str(r.status) ?? 'unknown';
  if (status === 'cancelled' || status === 'entered-in-error') return undefined;
  const intent = str(r.intent);
  // A draft is not yet an order; a plan or proposal describes intended, not actual, use.
  const planned = status === 'draft' || intent === 'plan' || intent === 'proposal';
  const exposure: Exposure = { status, ongoing: ONGOING.has(status) && !planned, planned };
  if (intent !== undefined) exposure.intent = intent;
  const repeat = arr(r.dosageInstruction)[0]?.timing?.repeat;
  const bounds = repeat?.boundsPeriod;
  const start =
    dateOf(bounds?.start, 'dosageInstruction[0].timing.repeat.boundsPeriod.start', ctx.warn) ??
    dateOf(r.authoredOn, 'authoredOn', ctx.warn);
  setDate(exposure, 'start', start);
  const end = dateOf(bounds?.end, 'dosageInstruction[0].timing.repeat.boundsPeriod.end', ctx.warn);
  const days = durationDays(repeat?.boundsDuration);
  setDate(
    exposure,
    'end',
    end ?? (start !== undefined && days !== undefined ? addDays(start, days) : undefined),
  );
  return exposure;
}

function administrationExposure(a: MedicationAdministration, ctx: MapContext): Exposure | undefined {
  const status = str(a.status) ?? 'unknown';
  if (status === 'not-done' || status === 'entered-in-error') return undefined;
  const exposure: Exposure = { status, ongoing: status === 'in-progress', planned: false };
  if (a.effectivePeriod !== undefined) {
    setDate(exposure, 'start', dateOf(a.effectivePeriod?.start, 'effectivePeriod.start', ctx.warn));
    setDate(exposure, 'end', dateOf(a.effectivePeriod?.end, 'effectivePeriod.end', ctx.warn));
  } else {
    const date = dateOf(a.effectiveDateTime, 'effectiveDateTime', ctx.warn);
    setDate(exposure, 'start', date);
    setDate(exposure, 'end', date);
  }
  return exposure;
}

function setDate(exposure: Exposure, field: 'start' | 'end', date: IsoDate | undefined): void {
  if (date !== undefined) exposure[field] = date;
}

// ------------------------------------------------------------------------------------------- dosage

function readDosage(use: MedicationUse, fact: MedicationFact, ctx: MapContext): void {
  if (use.resourceType === 'MedicationAdministration') {
    const dosage = use.dosage;
    if (dosage === undefined || dosage === null || typeof dosage !== 'object') return;
    readRoute(dosage.route, fact);
    const dose = quantityOf(dosage.dose, 'dosage.dose', ctx.warn);
    if (dose !== undefined) fact.dose = dose;
    const text = str(dosage.text);
    if (text !== undefined) fact.dosageText.push(text);
    return;
  }
  const field = use.resourceType === 'MedicationStatement' ? 'dosage' : 'dosageInstruction';
  const dosages = arr<Dosage>(
    use.resourceType === 'MedicationStatement' ? use.dosage : use.dosageInstruction,
  );
  const doses: Array<{ quantity: FhirQuantity; path: string }> = [];
  const frequencies: number[] = [];
  dosages.forEach((dosage, i) => {
    if (dosage === null || typeof dosage !== 'object') return;
    readRoute(dosage.route, fact);
    const text = str(dosage.text);
    if (text !== undefined) fact.dosageText.push(text);
    arr(dosage.doseAndRate).forEach((doseAndRate, j) => {
      if (doseAndRate?.doseQuantity !== undefined) {
        doses.push({
          quantity: doseAndRate.doseQuantity,
          path: `${field}[${i}].doseAndRate[${j}].doseQuantity`,
        });
      }
    });
    const perDay = timesPerDay(dosage.timing);
    if (perDay !== undefined) frequencies.push(perDay);
  });
  // Only an unambiguous dose or frequency is kept (a taper or a split dose has several).
  const only = doses.length === 1 ? doses[0] : undefined;
  if (only !== undefined) {
    const dose: Quantity | undefined = quantityOf(only.quantity, only.path, ctx.warn);
    if (dose !== undefined) fact.dose = dose;
  }
  if (frequencies.length === 1 && frequencies[0] !== undefined) fact.timesPerDay = frequencies[0];
}

function readRoute(route: CodeableConcept | undefined, fact: MedicationFact): void {
  codesOf(route, fact.routes);
  const text = textOf(route);
  if (text !== undefined) pushUnique(fact.routeText, lower(text));
}

/** Dose-form and route words that medication names carry (RxNorm names end in a dose form). */
const DOSE_FORM_WORDS =
  /\b(oral|tablets?|capsules?|caplets?|chewable|sublingual|buccal|lozenges?|solution|suspension|syrup|elixir|injection|injectable|infusion|intravenous|subcutaneous|intramuscular|intrathecal|prefilled syringe|auto-injector|pen injector|topical|cream|ointment|lotion|gel|foam|shampoo|transdermal|patch|inhaler|inhalant|inhalation|nebuli[sz]er|nasal|spray|ophthalmic|otic|rectal|suppository|enema|vaginal|implant|mouthwash|powder)\b/g;

/** Administrations per day of each unit of Timing.repeat.periodUnit. */
const PER_DAY: Record<string, number> = {
  s: 86_400,
  min: 1_440,
  h: 24,
  d: 1,
  wk: 1 / 7,
  mo: 1 / 30,
  a: 1 / 365,
};
/** v3 GTSAbbreviation timing codes. */
const TIMING_CODES: Record<string, number> = {
  QD: 1,
  AM: 1,
  PM: 1,
  BED: 1,
  BID: 2,
  TID: 3,
  QID: 4,
  QOD: 0.5,
  Q4H: 6,
  Q6H: 4,
  Q8H: 3,
  WK: 1 / 7,
};

function timesPerDay(timing: Timing | undefined): number | undefined {
  const repeat = timing?.repeat;
  const period = repeat?.period as unknown;
  const unit = repeat?.periodUnit as unknown;
  if (typeof period === 'number' && period > 0 && typeof unit === 'string' && PER_DAY[unit] !== undefined) {
    const frequency = typeof repeat?.frequency === 'number' ? repeat.frequency : 1;
    return (frequency * PER_DAY[unit]) / period;
  }
  for (const coding of arr(timing?.code?.coding)) {
    const perDay = TIMING_CODES[str(coding?.code) ?? ''];
    if (perDay !== undefined) return perDay;
  }
  return undefined;
}

/** Days per unit of a Duration (UCUM code or unit text); months count 30 days, years 365. */
const DURATION_DAYS: Record<string, number> = {
  s: 1 / 86_400,
  min: 1 / 1_440,
  h: 1 / 24,
  d: 1,
  day: 1,
  days: 1,
  wk: 7,
  week: 7,
  weeks: 7,
  mo: 30,
  month: 30,
  months: 30,
  a: 365,
  year: 365,
  years: 365,
};

function durationDays(
  duration: { value?: number; code?: string; unit?: string } | undefined,
): number | undefined {
  const value = duration?.value as unknown;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const unit = str(duration?.code) ?? str(duration?.unit);
  const factor = unit === undefined ? undefined : DURATION_DAYS[unit.toLowerCase()];
  return factor === undefined ? undefined : Math.ceil(value * factor);
}
