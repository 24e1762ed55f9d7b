/**
 * Reading lab results: the latest result inside the window decides (criteria catalog, "Latest value
 * wins"); values dated after T0 are ignored and said so; units are converted through UCUM and a
 * value whose unit cannot be converted makes the lab unknown, never silently compared.
 */
import { convertUnit } from '../../clinical/index.ts';
import { type Env, remember } from '../env.ts';
import { formatNumber } from '../format.ts';
import type { IsoDate, ObservationFact, Quantity } from '../patient-facts.ts';
import type { LabDefinition } from '../terminology-schema.ts';
import type { Duration } from '../vocabulary/schema.ts';
import { describeDuration, windowStart } from './time.ts';

/** Result statuses that carry a usable value (FHIR Observation.status). */
const USABLE_STATUSES = new Set(['final', 'amended', 'corrected', 'appended']);
const DIMENSIONLESS = new Set(['1', '{INR}', '{score}', '{ratio}']);

export interface LabReading {
  observation: ObservationFact;
  date: IsoDate;
  /** In the lab's canonical unit. */
  value: number;
  /** The true value lies beyond `value` in this direction (e.g. "< 10" below the limit of quantitation). */
  comparator?: Quantity['comparator'];
  /** "75 ×10⁹/L", with the value as reported in brackets when it arrived in another unit. */
  text: string;
}

export type LabLookup<T> =
  | { ok: true; reading: T; sameDay: T[]; notes: string[] }
  | { ok: false; reason: string; evidence: string[]; notes: string[] };

export function requireLab(env: Env, labId: string): LabDefinition {
  const lab = env.protocol.terminology.labs.get(labId);
  if (!lab) throw new Error(`criterion ${env.criterion.id} reads unknown lab "${labId}"`);
  return lab;
}

/** The lab's name inside a sentence: "Platelet count" → "platelet count", but "ECOG …" and "INR" keep their capitals. */
export function labName(lab: LabDefinition): string {
  const second = lab.name.charAt(1);
  return second && second === second.toLowerCase()
    ? lab.name.charAt(0).toLowerCase() + lab.name.slice(1)
    : lab.name;
}

/** How a unit prints in a reason: the lab's label for its canonical unit; nothing for pure numbers (INR, scores). */
export function unitLabel(lab: LabDefinition, unit = lab.unit ?? ''): string {
  if (unit === lab.unit && lab.unitLabel) return lab.unitLabel;
  return DIMENSIONLESS.has(unit) ? '' : unit;
}

/** "75 ×10⁹/L", or just "1.2" for a dimensionless value. */
function withUnit(value: string, unit: string): string {
  return unit ? `${value} ${unit}` : value;
}

/** All results of the lab, newest first (by date, then by the recorded time of day). */
function resultsOf(env: Env, lab: LabDefinition): readonly ObservationFact[] {
  return env.index.resultsByLab.get(lab.id) ?? NO_RESULTS;
}

const NO_RESULTS: readonly ObservationFact[] = [];

/** Converts a quantity to `unit`, or says why it cannot be read. */
export function quantityIn(
  quantity: Quantity,
  unit: string,
  lab: LabDefinition,
): { ok: true; value: number } | { ok: false; message: string } {
  const from = quantity.unit?.trim();
  if (!from) {
    if (DIMENSIONLESS.has(unit)) return { ok: true, value: quantity.value };
    return { ok: false, message: `no unit given (expected a unit convertible to ${unit})` };
  }
  if (DIMENSIONLESS.has(unit) && DIMENSIONLESS.has(from)) return { ok: true, value: quantity.value };
  const converted = convertUnit(
    quantity.value,
    from,
    unit,
    lab.molarMass ? { molarMass: lab.molarMass } : {},
  );
  return converted.ok ? converted : { ok: false, message: `unit "${from}" cannot be converted to ${unit}` };
}

export function isOutsidePossible(lab: LabDefinition, value: number): boolean {
  const { min, max } = lab.possible ?? {};
  return (min !== undefined && value < min) || (max !== undefined && value > max);
}

export interface Candidates {
  /** Usable results dated on or before T0, newest first. */
  results: ObservationFact[];
  notes: string[];
}

/** Results on or before T0 with a usable status; notes say what was ignored and why. */
export function candidates(env: Env, lab: LabDefinition): Candidates {
  const notes: string[] = [];
  const results: ObservationFact[] = [];
  const name = labName(lab);
  const newer: string[] = [];
  for (const o of resultsOf(env, lab)) {
    if (!o.date) notes.push(`undated ${name} result ignored [${o.ref}]`);
    else if (o.date > env.context.asOf) newer.push(o.date);
    else if (!USABLE_STATUSES.has(o.status)) notes.push(`${o.status} ${name} result of ${o.date} ignored`);
    else results.push(o);
  }
  // Results are newest first: the first newer date is the latest one.
  if (newer.length === 1) notes.unshift(`newer ${name} result of ${newer[0]} ignored (after T0)`);
  else if (newer.length > 1)
    notes.unshift(`${newer.length} newer ${name} results (latest ${newer[0]}) ignored (after T0)`);
  return { results, notes };
}

/**
 * Why no reading was found: nothing recorded, nothing in the window (naming the latest result before
 * it), or results in the window that were all unusable (the notes say why each was skipped).
 */
export function noResult(
  env: Env,
  lab: LabDefinition,
  results: readonly ObservationFact[],
  inWindow: readonly ObservationFact[],
  within?: Duration,
): string {
  const name = labName(lab);
  const span = within
    ? `within ${describeDuration(within)} (since ${windowStart(env.context.asOf, within)})`
    : 'recorded';
  if (inWindow.length > 0) return `no usable ${name} result ${span}`;
  const latest = results[0];
  return latest && within
    ? `no ${name} ${span}; latest is from ${latest.date}`
    : `no ${name} result recorded`;
}

/**
 * The latest quantitative result within the window, in the lab's canonical unit. Physically
 * impossible values are skipped (and noted); an unconvertible latest value makes the lab unknown.
 */
export function latestQuantity(
  env: Env,
  labId: string,
  within?: Duration,
  unit = requireLab(env, labId).unit ?? '',
): LabLookup<LabReading> {
  // Several criteria read the same lab (albumin: I07, I20, E25): look it up once per patient, and
  // derive other units from the lab's own (the same result, converted again).
  const from = within ? windowStart(env.context.asOf, within) : '';
  const lab = requireLab(env, labId);
  const canonical = lab.unit ?? unit;
  if (unit !== canonical) {
    return remember(env, ['quantity', labId, from, unit], () =>
      inUnit(latestQuantity(env, labId, within, canonical), unit, lab),
    );
  }
  return remember(env, ['quantity', labId, from, unit], () => findLatestQuantity(env, labId, within, unit));
}

/** A lookup in the lab's canonical unit, expressed in another unit of the same kind. */
function inUnit(lookup: LabLookup<LabReading>, unit: string, lab: LabDefinition): LabLookup<LabReading> {
  if (!lookup.ok) return lookup;
  const readings: LabReading[] = [];
  for (const reading of [lookup.reading, ...lookup.sameDay]) {
    const value = reading.observation.value;
    if (value?.kind !== 'quantity') {
      readings.push(reading);
      continue;
    }
    const converted = readingIn(reading.observation, value, unit, lab);
    if (!converted.ok) {
      return {
        ok: false,
        reason: converted.reason,
        evidence: [reading.observation.ref],
        notes: lookup.notes,
      };
    }
    readings.push(converted.reading);
  }
  const [reading, ...sameDay] = readings as [LabReading, ...LabReading[]];
  return { ok: true, reading, sameDay, notes: lookup.notes };
}

function findLatestQuantity(
  env: Env,
  labId: string,
  within: Duration | undefined,
  unit: string,
): LabLookup<LabReading> {
  const lab = requireLab(env, labId);
  const { results, notes } = candidates(env, lab);
  const from = within ? windowStart(env.context.asOf, within) : '';
  const inWindow = results.filter((o) => (o.date ?? '') >= from);
  const readings: LabReading[] = [];
  for (const o of inWindow) {
    if (readings.length > 0 && !sameTime(o, readings[0]?.observation)) break;
    const value = o.value;
    if (value?.kind !== 'quantity') {
      const score = lab.kind === 'score' ? scoreOf(o) : undefined;
      if (score !== undefined && !isOutsidePossible(lab, score)) {
        readings.push({ observation: o, date: o.date as IsoDate, value: score, text: formatNumber(score) });
        continue;
      }
      // A score outside its scale (ECOG 7) is an impossible value, not a missing one (catalog: ignored with a note).
      if (score !== undefined) {
        notes.push(`impossible ${labName(lab)} value ${formatNumber(score)} on ${o.date} ignored [${o.ref}]`);
        continue;
      }
      notes.push(`${labName(lab)} result of ${o.date} has no numeric value [${o.ref}]`);
      continue;
    }
    if (!Number.isFinite(value.value)) {
      notes.push(`${labName(lab)} result of ${o.date} is not a number and was ignored [${o.ref}]`);
      continue;
    }
    // Found in the lab's canonical unit (latestQuantity derives other units), where its bounds are.
    const converted = readingIn(o, value, unit, lab);
    if (!converted.ok) return { ok: false, reason: converted.reason, evidence: [o.ref], notes };
    if (isOutsidePossible(lab, converted.reading.value)) {
      notes.push(
        `impossible ${labName(lab)} value ${formatNumber(value.value)} ${value.unit ?? ''} on ${o.date} ignored [${o.ref}]`,
      );
      continue;
    }
    readings.push(converted.reading);
  }
  const [reading, ...sameDay] = readings;
  if (!reading)
    return { ok: false, reason: noResult(env, lab, results, inWindow, within), evidence: [], notes };
  return { ok: true, reading, sameDay, notes };
}

/** A quantity result read in `unit`: "68 ×10⁹/L (reported 68000 /uL)", or why it cannot be read. */
function readingIn(
  o: ObservationFact,
  value: Quantity,
  unit: string,
  lab: LabDefinition,
): { ok: true; reading: LabReading } | { ok: false; reason: string } {
  const converted = quantityIn(value, unit, lab);
  if (!converted.ok) {
    const reported = [formatNumber(value.value), value.unit].filter(Boolean).join(' ');
    return { ok: false, reason: `latest ${labName(lab)} ${reported} on ${o.date}: ${converted.message}` };
  }
  const shown = withUnit(`${value.comparator ?? ''}${formatNumber(converted.value)}`, unitLabel(lab, unit));
  const original =
    value.unit === undefined || value.unit === unit
      ? ''
      : ` (reported ${value.comparator ?? ''}${formatNumber(value.value)} ${value.unit})`;
  return {
    ok: true,
    reading: {
      observation: o,
      date: o.date as IsoDate,
      value: converted.value,
      ...(value.comparator ? { comparator: value.comparator } : {}),
      text: `${shown}${original}`,
    },
  };
}

/**
 * A score recorded as an integer or as a coded answer: the LOINC answer list of ECOG performance
 * status (LL529-9: LA9622-7 = 0 … LA9627-6 = 5), or a code/display that is the grade itself.
 */
const SCORE_ANSWERS: Record<string, number> = {
  'LA9622-7': 0,
  'LA9623-5': 1,
  'LA9624-3': 2,
  'LA9625-0': 3,
  'LA9626-8': 4,
  'LA9627-6': 5,
};

function scoreOf(o: ObservationFact): number | undefined {
  const value = o.value;
  if (value?.kind === 'integer') return value.value;
  if (value?.kind !== 'coded') return undefined;
  for (const c of value.codes) {
    const known = SCORE_ANSWERS[c.code];
    if (known !== undefined) return known;
    if (/^\d$/.test(c.code)) return Number(c.code);
  }
  const leading = /^\s*(\d)\b/.exec(value.text ?? value.codes[0]?.display ?? '');
  return leading ? Number(leading[1]) : undefined;
}

function sameTime(a: ObservationFact, b: ObservationFact | undefined): boolean {
  return b !== undefined && a.date === b.date && (a.instant ?? '') === (b.instant ?? '');
}

/** The result's reference range upper limit, when it is a number (a range "> 0" with no end has none). */
export function referenceHigh(o: ObservationFact): Quantity | undefined {
  const high = o.referenceRange?.high;
  return high && Number.isFinite(high.value) ? high : undefined;
}

/**
 * The upper limit of normal for a reading, in the lab's canonical unit: the result's own reference
 * range first, else the site's configured range (criteria catalog, "× ULN").
 */
export function upperLimitOfNormal(
  env: Env,
  lab: LabDefinition,
  reading: LabReading,
): { ok: true; value: number; source: string } | { ok: false; reason: string } {
  const unit = lab.unit ?? '';
  const high = referenceHigh(reading.observation);
  if (high) {
    const withUnit: Quantity = high.unit
      ? high
      : {
          ...high,
          unit: reading.observation.value?.kind === 'quantity' ? reading.observation.value.unit : undefined,
        };
    const converted = quantityIn(withUnit, unit, lab);
    if (converted.ok && converted.value > 0)
      return { ok: true, value: converted.value, source: 'result reference range' };
    if (!converted.ok) return { ok: false, reason: `reference range upper limit: ${converted.message}` };
  }
  const range = env.site?.referenceRanges[lab.id];
  if (range?.high !== undefined) {
    const converted = quantityIn({ value: range.high, unit: range.unit, ucum: true }, unit, lab);
    if (converted.ok && converted.value > 0) {
      return { ok: true, value: converted.value, source: `reference range of site ${env.site?.id}` };
    }
    return { ok: false, reason: `site ${env.site?.id} reference range for ${lab.id} is unusable` };
  }
  const where = env.site ? `site ${env.site.id} has none configured` : 'no site given';
  return { ok: false, reason: `no ULN: the result has no reference range and ${where}` };
}
