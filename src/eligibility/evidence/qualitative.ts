/**
 * Results read as positive / negative / indeterminate (HBsAg, HCV antibody, hCG…): from coded answers,
 * text, interpretation codes, or a quantity against the result's reference range or the lab's cut-offs.
 */
import type { Env } from '../env.ts';
import { formatNumber } from '../format.ts';
import type { IsoDate, ObservationFact, Quantity } from '../patient-facts.ts';
import type { LabDefinition } from '../terminology-schema.ts';
import type { Duration } from '../vocabulary/schema.ts';
import {
  candidates,
  type LabLookup,
  labName,
  noResult,
  quantityIn,
  referenceHigh,
  requireLab,
} from './labs.ts';
import { windowStart } from './time.ts';

export type Qualitative = 'positive' | 'negative' | 'indeterminate';

export interface QualitativeReading {
  observation: ObservationFact;
  date: IsoDate;
  result: Qualitative;
  /** How the result was read, e.g. "reactive" or "< 10 [IU]/mL". */
  text: string;
}

/** The latest result within the window read as positive / negative / indeterminate. */
export function latestQualitative(env: Env, labId: string, within?: Duration): LabLookup<QualitativeReading> {
  const lab = requireLab(env, labId);
  const { results, notes } = candidates(env, lab);
  const from = within ? windowStart(env.context.asOf, within) : '';
  const inWindow = results.filter((o) => (o.date ?? '') >= from);
  for (const o of inWindow) {
    const read = readQualitative(o, lab);
    if (read)
      return { ok: true, reading: { observation: o, date: o.date as IsoDate, ...read }, sameDay: [], notes };
    notes.push(`${labName(lab)} result of ${o.date} could not be read as positive or negative [${o.ref}]`);
  }
  return { ok: false, reason: noResult(env, lab, results, inWindow, within), evidence: [], notes };
}

const POSITIVE_CODES = new Set([
  '10828004',
  '260373001',
  '11214006',
  '52101004',
  'LA6576-8',
  'LA11882-0',
  'POS',
  'DET',
]);
const NEGATIVE_CODES = new Set([
  '260385009',
  '260415000',
  '131194007',
  '2667000',
  'LA6577-6',
  'LA11883-8',
  'NEG',
  'ND',
]);
const INDETERMINATE_CODES = new Set(['419984006', '82334004', 'IND', 'E']);

/** Reads a result as qualitative from its coded/text/boolean value, interpretation, or quantity and cutoffs. */
export function readQualitative(
  o: ObservationFact,
  lab: LabDefinition,
): { result: Qualitative; text: string } | undefined {
  const value = o.value;
  if (value?.kind === 'boolean')
    return { result: value.value ? 'positive' : 'negative', text: String(value.value) };
  if (value?.kind === 'coded') {
    for (const c of value.codes) {
      const result = codeResult(c.code);
      if (result) return { result, text: c.display ?? c.code };
    }
    const fromText = textResult([value.text, ...value.codes.map((c) => c.display)]);
    if (fromText) return fromText;
  }
  if (value?.kind === 'text') {
    const fromText = textResult([value.text]);
    if (fromText) return fromText;
  }
  for (const code of o.interpretation) {
    const result = codeResult(code);
    if (result) return { result, text: `interpretation ${code}` };
  }
  if (value?.kind === 'quantity' && Number.isFinite(value.value))
    return quantityResult(value, lab, referenceHigh(o));
  return undefined;
}

function codeResult(code: string): Qualitative | undefined {
  if (POSITIVE_CODES.has(code)) return 'positive';
  if (NEGATIVE_CODES.has(code)) return 'negative';
  if (INDETERMINATE_CODES.has(code)) return 'indeterminate';
  return undefined;
}

function textResult(
  texts: readonly (string | undefined)[],
): { result: Qualitative; text: string } | undefined {
  for (const text of texts) {
    if (!text) continue;
    const t = text.toLowerCase();
    // Negatives first: "non-reactive" and "not detected" contain the positive words.
    if (/\b(negative|non-?reactive|not detected|undetected|undetectable|absent)\b/.test(t)) {
      return { result: 'negative', text };
    }
    if (/\b(indeterminate|equivocal|inconclusive|borderline)\b/.test(t))
      return { result: 'indeterminate', text };
    if (/\b(positive|reactive|detected|present)\b/.test(t)) return { result: 'positive', text };
  }
  return undefined;
}

/**
 * A quantity read as qualitative: by the result's own reference range first (at or below its upper
 * limit is negative, above it positive: a serum hCG of 2 mIU/mL is a negative test, not a pregnancy);
 * else by the lab's default cut-offs (terminology/labs.yaml, serum hCG < 5 / ≥ 25 IU/L); otherwise
 * any measurable amount is positive, and a result below the limit of quantitation ("< 10") or 0 is negative.
 */
function quantityResult(
  value: Quantity,
  lab: LabDefinition,
  referenceHigh?: Quantity,
): { result: Qualitative; text: string } | undefined {
  const text = `${value.comparator ?? ''}${formatNumber(value.value)} ${value.unit ?? ''}`.trim();
  // The result's own reference range first (the laboratory's cut-off), else the lab's default cut-offs.
  const limit = referenceHigh ? referenceLimitIn(referenceHigh, value, lab) : undefined;
  if (limit !== undefined) {
    const below = value.comparator === '<' || value.comparator === '<=';
    const above = value.comparator === '>' || value.comparator === '>=';
    const shown = `${text}, reference range ≤ ${formatNumber(limit)} ${value.unit ?? ''}`.trim();
    if (!above && value.value <= limit) return { result: 'negative', text: shown };
    if (!below && value.value > limit) return { result: 'positive', text: shown };
    return { result: 'indeterminate', text: shown };
  }
  if (lab.cutoffs) {
    const converted = quantityIn(value, lab.cutoffs.unit, lab);
    if (!converted.ok) return undefined;
    const below = value.comparator === '<' || value.comparator === '<=';
    const { negativeBelow, positiveFrom, unit } = lab.cutoffs;
    const shown = `${text}, cut-offs: negative < ${negativeBelow}, positive ≥ ${positiveFrom} ${unit}`;
    if (converted.value < negativeBelow || (below && converted.value <= negativeBelow)) {
      return { result: 'negative', text: shown };
    }
    if (converted.value >= positiveFrom) return { result: 'positive', text: shown };
    return { result: 'indeterminate', text: shown };
  }
  if (value.comparator === '<' || value.comparator === '<=' || value.value === 0)
    return { result: 'negative', text };
  if (value.value > 0) return { result: 'positive', text };
  return undefined;
}

/** A reference range's upper limit in the unit of the value it belongs to, when it converts. */
function referenceLimitIn(high: Quantity, value: Quantity, lab: LabDefinition): number | undefined {
  if (!(high.value > 0)) return undefined;
  const from = high.unit?.trim() || value.unit?.trim();
  const to = value.unit?.trim();
  if (!from || !to) return from === to ? high.value : undefined;
  const converted = quantityIn({ ...high, unit: from }, to, lab);
  return converted.ok ? converted.value : undefined;
}
