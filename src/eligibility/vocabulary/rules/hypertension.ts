/**
 * E20 (registry: "Uncontrolled hypertension defined as sustained blood pressure > 150 mmHg systolic
 * or > 100 mmHg diastolic despite optimal antihypertensive treatment"); catalog: sustained = the
 * latest readings within 28 days all above the limit while on antihypertensives.
 * Proposition: "blood pressure is uncontrolled".
 */

import { descending, type Env } from '../../env.ts';
import { isOutsidePossible, latestQuantity, quantityIn, requireLab } from '../../evidence/labs.ts';
import { activeAt, exposuresOf } from '../../evidence/medications.ts';
import { describeDuration, windowStart } from '../../evidence/time.ts';
import { formatNumber } from '../../format.ts';
import { type Outcome, outcome, withNotes } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { UncontrolledHypertensionBlock } from '../rule-schema.ts';

/**
 * Sustained = each of the latest readings above the limit on either side. A reading with one side
 * missing (or ignored as impossible) and the other not above cannot show it was below the limit.
 */
function judgeReadings(block: UncontrolledHypertensionBlock, env: Env, all: readonly Reading[]): Outcome {
  const above = (r: Reading) =>
    (r.systolic ?? 0) > block.systolicAbove || (r.diastolic ?? 0) > block.diastolicAbove;
  const complete = (r: Reading) => r.systolic !== undefined && r.diastolic !== undefined;
  const describe = (r: Reading) =>
    `${r.systolic === undefined ? '?' : formatNumber(r.systolic)}/${r.diastolic === undefined ? '?' : formatNumber(r.diastolic)} mm Hg on ${r.date}`;
  const latest = all.slice(0, block.minReadings);
  const text = latest.map(describe).join(', ');
  const refs = latest.flatMap((r) => r.refs);
  const limit = `> ${block.systolicAbove} systolic or > ${block.diastolicAbove} diastolic`;
  if (latest.some((r) => !above(r) && complete(r)))
    return outcome('not_met', `blood pressure not sustained ${limit}: latest ${text}`, refs);
  const partial = latest.filter((r) => !above(r));
  if (partial.length > 0) {
    return outcome(
      'unknown',
      `latest readings ${text}: ${partial.map(describe).join(', ')} lacks a value, so blood pressure sustained ${limit} cannot be ruled out`,
      refs,
    );
  }
  if (latest.length < block.minReadings) {
    return outcome(
      'needs_review',
      `single reading ${text} ${limit} within ${describeDuration(block.within)}: sustained?`,
      refs,
    );
  }
  const treatment = exposuresOf(env, block.antihypertensiveClass).filter(
    (e) => activeAt(e, env.context.asOf) !== false,
  );
  if (treatment.length === 0) {
    return outcome(
      'needs_review',
      `latest readings ${text} ${limit}, no antihypertensive recorded: uncontrolled despite optimal treatment?`,
      refs,
    );
  }
  return outcome(
    'met',
    `latest readings ${text} ${limit} despite ${treatment.map((e) => e.description).join('; ')}`,
    [...refs, ...treatment.map((e) => e.ref)],
  );
}

interface Reading {
  date: string;
  instant: string;
  systolic?: number;
  diastolic?: number;
  refs: string[];
}

/** Readings pair the systolic and diastolic values of one measurement (same panel resource, or same time). */
function readings(env: Env, block: UncontrolledHypertensionBlock): { readings: Reading[]; notes: string[] } {
  const { asOf } = env.context;
  const from = windowStart(asOf, block.within);
  const byKey = new Map<string, Reading>();
  const notes: string[] = [];
  for (const [labId, side] of [
    ['systolic-bp', 'systolic'],
    ['diastolic-bp', 'diastolic'],
  ] as const) {
    const lab = requireLab(env, labId);
    for (const o of env.index.resultsByLab.get(lab.id) ?? []) {
      if (!o.date || o.date > asOf || o.date < from || o.value?.kind !== 'quantity') continue;
      const value = quantityIn(o.value, lab.unit ?? 'mm[Hg]', lab);
      if (!value.ok) {
        notes.push(`${side} pressure on ${o.date} unreadable: ${value.message} [${o.ref}]`);
        continue;
      }
      if (isOutsidePossible(lab, value.value)) {
        notes.push(
          `impossible ${side} pressure ${formatNumber(value.value)} mm Hg on ${o.date} ignored [${o.ref}]`,
        );
        continue;
      }
      const key = o.panelCodes ? o.ref : `${o.date}T${o.instant ?? ''}`;
      const reading = byKey.get(key) ?? { date: o.date, instant: o.instant ?? '', refs: [] };
      reading[side] = value.value;
      if (!reading.refs.includes(o.ref)) reading.refs.push(o.ref);
      byKey.set(key, reading);
    }
  }
  const sorted = [...byKey.values()].sort(
    (a, b) => descending(a.date, b.date) || descending(a.instant, b.instant),
  );
  return { readings: sorted, notes };
}

export const uncontrolledHypertension: BlockDefinition<UncontrolledHypertensionBlock> = {
  evaluate(block, env) {
    const { readings: all, notes } = readings(env, block);
    if (all.length === 0) {
      const latest = latestQuantity(env, 'systolic-bp');
      const why = [latest.ok ? `latest ${latest.reading.date}` : '', ...notes].filter(Boolean).join('; ');
      return outcome(
        'unknown',
        `no blood pressure within ${describeDuration(block.within)}${why ? ` (${why})` : ''}`,
      );
    }
    return withNotes(judgeReadings(block, env, all), notes);
  },
  render(block) {
    return `latest ${block.minReadings} blood pressure readings within ${describeDuration(block.within)} all > ${block.systolicAbove} systolic or > ${block.diastolicAbove} diastolic mm Hg while on an antihypertensive`;
  },
};
