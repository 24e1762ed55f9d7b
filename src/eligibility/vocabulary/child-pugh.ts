/**
 * A Child-Pugh class recorded directly (criteria catalog: "A directly recorded Child-Pugh class is
 * accepted and reported as such"). LOINC has no Child-Pugh code in common use, so the observation is
 * recognised by its name; the reason says it was read from a recorded value.
 */
import { type ChildPughClass, childPughClassOf } from '../../clinical/index.ts';
import { type Env, newestFirst } from '../env.ts';
import { windowStart } from '../evidence/time.ts';
import type { ObservationFact } from '../patient-facts.ts';
import type { Duration } from './schema.ts';

const NAME = /child[\s-]*(turcotte[\s-]*)?pugh/i;

function classOf(o: ObservationFact): ChildPughClass | undefined {
  const value = o.value;
  if (value?.kind === 'integer' || value?.kind === 'quantity') {
    return value.value >= 5 && value.value <= 15 && Number.isInteger(value.value)
      ? childPughClassOf(value.value)
      : undefined;
  }
  const texts =
    value?.kind === 'coded'
      ? [value.text, ...value.codes.map((c) => c.display ?? c.code)]
      : value?.kind === 'text'
        ? [value.text]
        : [];
  for (const text of texts) {
    // "A", "class B", and the usual class-and-score notation "A6" / "B 7" (the score must fit the class).
    const match = /^\s*(?:child[\s-]*pugh\s*)?(?:class\s*)?([ABC])\s*(\d{1,2})?\b/i.exec(text ?? '');
    if (!match?.[1]) continue;
    const cls = match[1].toUpperCase() as ChildPughClass;
    const score = match[2] === undefined ? undefined : Number(match[2]);
    if (score === undefined) return cls;
    if (score >= 5 && score <= 15 && childPughClassOf(score) === cls) return cls;
  }
  return undefined;
}

/** Observation statuses that carry a usable value (as for lab results: FHIR Observation.status). */
const USABLE_STATUSES = new Set(['final', 'amended', 'corrected', 'appended']);

export function recordedChildPugh(
  env: Env,
  within: Duration | undefined,
): { class: ChildPughClass; text: string; ref: string } | undefined {
  const { asOf } = env.context;
  const from = within ? windowStart(asOf, within) : '';
  // "pugh" is in every spelling NAME accepts: a plain substring test rules out nearly every observation first.
  const mentions = (text: string | undefined) =>
    text !== undefined && (text.includes('ugh') || text.includes('UGH')) && NAME.test(text);
  const named = (o: ObservationFact) => mentions(o.text) || o.codes.some((c) => mentions(c.display));
  const recorded = env.facts.observations
    .filter((o) => o.date && o.date <= asOf && o.date >= from && USABLE_STATUSES.has(o.status) && named(o))
    .sort(newestFirst);
  for (const o of recorded) {
    const cls = classOf(o);
    if (cls)
      return { class: cls, text: `Child-Pugh class ${cls} recorded on ${o.date} [${o.ref}]`, ref: o.ref };
  }
  return undefined;
}
