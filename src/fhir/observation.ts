import type { CodeableConcept, Observation, ObservationReferenceRange, Quantity } from '@medplum/fhirtypes';
import type {
  Code,
  Quantity as FactQuantity,
  IsoDate,
  ObservationFact,
  ObservationValue,
} from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import { isTumorSize, mapTumorLesion } from './tumor-lesion.ts';
import { arr, codesOf, dateOf, firstCode, quantityOf, str, textOf, type Warn } from './values.ts';

/** Observation statuses that mean "this result does not exist". */
export const DROPPED_OBSERVATION_STATUSES = new Set(['entered-in-error', 'cancelled']);

/** The value[x] choices intake reads (on the Observation and on its components). */
interface ValueCarrier {
  valueQuantity?: Quantity;
  valueCodeableConcept?: CodeableConcept;
  valueString?: string;
  valueBoolean?: boolean;
  valueInteger?: number;
  dataAbsentReason?: CodeableConcept;
  interpretation?: CodeableConcept[];
  referenceRange?: ObservationReferenceRange[];
}

/**
 * Observation → one ObservationFact, plus one per component (blood pressure 85354-9 / 55284-4 carries
 * 8480-6 and 8462-4 as components) with the parent's ref, date and status and `panelCodes` = the
 * parent's codes. A parent with components and no value of its own is not emitted itself.
 * Tumor size observations (21889-1, 33728-7) become tumorLesions instead.
 */
export function mapObservation(obs: Observation, ctx: MapContext): Produced | undefined {
  const status = str(obs.status) ?? 'unknown';
  if (DROPPED_OBSERVATION_STATUSES.has(status)) return undefined;
  const codes = codesOf(obs.code);
  const when = observationDate(obs, ctx.warn);
  if (isTumorSize(codes)) return { tumorLesions: [mapTumorLesion(obs, when.date, ctx)] };

  const observations: ObservationFact[] = [];
  const components = arr(obs.component);
  const own = factOf(obs, codes, textOf(obs.code), '', ctx);
  if (own.value !== undefined || components.length === 0) observations.push(finish(own, ctx, status, when));
  for (let i = 0; i < components.length; i++) {
    const component = components[i];
    if (component === null || typeof component !== 'object') continue;
    const fact = factOf(component, codesOf(component.code), textOf(component.code), `component[${i}].`, ctx);
    fact.panelCodes = codes;
    observations.push(finish(fact, ctx, status, when));
  }
  return { observations };
}

function finish(
  fact: ObservationFact,
  ctx: MapContext,
  status: string,
  when: ObservationWhen,
): ObservationFact {
  fact.ref = ctx.ref;
  fact.source = ctx.source;
  fact.status = status;
  if (when.date !== undefined) fact.date = when.date;
  if (when.instant !== undefined) fact.instant = when.instant;
  return fact;
}

/** When an Observation was made: the date part as written, and the dateTime itself when it has a time. */
export interface ObservationWhen {
  date?: IsoDate;
  instant?: string;
}

/** effective[x] (dateTime, instant, Period.start), else `issued`. */
export function observationDate(obs: Observation, warn: Warn): ObservationWhen {
  const candidates: Array<[unknown, string]> = [
    [obs.effectiveDateTime, 'effectiveDateTime'],
    [obs.effectiveInstant, 'effectiveInstant'],
    [obs.effectivePeriod?.start, 'effectivePeriod.start'],
  ];
  const effective = candidates.find(([value]) => value !== undefined) ?? [undefined, ''];
  for (const [value, field] of [effective, [obs.issued, 'issued'] as [unknown, string]]) {
    const date = dateOf(value, field, warn);
    if (date === undefined) continue;
    const text = (value as string).trim();
    return text.length > date.length ? { date, instant: text } : { date };
  }
  return {};
}

function factOf(
  carrier: ValueCarrier,
  codes: Code[],
  text: string | undefined,
  path: string,
  ctx: MapContext,
): ObservationFact {
  const fact: ObservationFact = { ref: '', codes, status: '', interpretation: [] };
  if (text !== undefined) fact.text = text;
  const value = observationValue(carrier, path, ctx.warn);
  if (value !== undefined) fact.value = value;
  const absent = firstCode(carrier.dataAbsentReason) ?? textOf(carrier.dataAbsentReason);
  if (absent !== undefined) fact.dataAbsentReason = absent;
  for (const concept of arr(carrier.interpretation)) {
    for (const code of codesOf(concept)) fact.interpretation.push(code.code);
  }
  const range = arr(carrier.referenceRange)[0];
  if (range !== undefined && range !== null && typeof range === 'object') {
    const out: NonNullable<ObservationFact['referenceRange']> = {};
    const low = quantityOf(range.low, `${path}referenceRange[0].low`, ctx.warn);
    const high = quantityOf(range.high, `${path}referenceRange[0].high`, ctx.warn);
    const rangeText = str(range.text);
    if (low !== undefined) out.low = low;
    if (high !== undefined) out.high = high;
    if (rangeText !== undefined) out.text = rangeText;
    if (low !== undefined || high !== undefined || rangeText !== undefined) fact.referenceRange = out;
  }
  return fact;
}

/** value[x]: Quantity, CodeableConcept, string, boolean or integer (other types are not read). */
export function observationValue(
  carrier: ValueCarrier,
  path: string,
  warn: Warn,
): ObservationValue | undefined {
  if (carrier.valueQuantity !== undefined) {
    const q: FactQuantity | undefined = quantityOf(carrier.valueQuantity, `${path}valueQuantity`, warn);
    return q === undefined ? undefined : { kind: 'quantity', ...q };
  }
  if (carrier.valueCodeableConcept !== undefined) {
    const concept = carrier.valueCodeableConcept;
    const codes = codesOf(concept);
    const text = textOf(concept);
    if (codes.length === 0 && text === undefined) return undefined;
    return text === undefined ? { kind: 'coded', codes } : { kind: 'coded', codes, text };
  }
  const text = carrier.valueString;
  if (typeof text === 'string') return { kind: 'text', text };
  if (typeof carrier.valueBoolean === 'boolean') return { kind: 'boolean', value: carrier.valueBoolean };
  const integer = carrier.valueInteger as unknown;
  if (integer !== undefined) {
    if (typeof integer === 'number' && Number.isFinite(integer)) return { kind: 'integer', value: integer };
    warn(`${path}valueInteger ${JSON.stringify(integer)} is not a finite number; dropped`);
  }
  return undefined;
}
