/**
 * Coded clinical records — conditions, procedures, immunizations, allergies — matched to value
 * sets, as of T0. A record dated after T0 is not used: screening as of T0 reproduces what was known then.
 */
import { contentKey, type Env, remember } from '../env.ts';
import type { AllergyFact, ConditionFact, IsoDate, ProcedureFact } from '../patient-facts.ts';
import { type CodeMatch, describeMatch, type ValueSetMatcher } from '../terminology.ts';
import { TermList } from '../terms.ts';

export function valueSet(env: Env, id: string): ValueSetMatcher {
  const matcher = env.protocol.terminology.valueSets.get(id);
  if (!matcher) throw new Error(`criterion ${env.criterion.id} reads unknown value set "${id}"`);
  return matcher;
}

function matchAny(
  env: Env,
  ids: readonly string[],
  codes: Parameters<ValueSetMatcher['match']>[0],
  texts: readonly (string | undefined)[],
): { setId: string; match: CodeMatch } | undefined {
  for (const id of ids) {
    const match = valueSet(env, id).match(codes, texts);
    if (match) return { setId: id, match };
  }
  return undefined;
}

function label(codes: readonly { display?: string; code: string }[], text: string | undefined): string {
  return text ?? codes.find((c) => c.display)?.display ?? codes[0]?.code ?? 'unnamed record';
}

export interface ConditionHit {
  fact: ConditionFact;
  setId: string;
  match: CodeMatch;
  /** Onset, else recorded date. */
  date?: IsoDate;
  activeAtIndex: boolean;
  description: string;
}

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);

/**
 * Whether the condition was active at T0: an active clinical status and no abatement by T0, or an
 * abatement after T0 (it has resolved since). A missing status counts as active unless abated.
 */
export function isConditionActive(fact: ConditionFact, asOf: IsoDate): boolean {
  if (fact.abatement) return fact.abatement > asOf;
  return fact.clinicalStatus === undefined || ACTIVE.has(fact.clinicalStatus);
}

/** FHIR verification statuses short of a confirmed diagnosis (refuted ones are dropped at intake). */
const UNCONFIRMED = new Set(['unconfirmed', 'provisional', 'differential']);

export function isUnconfirmed(fact: ConditionFact): boolean {
  return fact.verificationStatus !== undefined && UNCONFIRMED.has(fact.verificationStatus);
}

export function conditionsIn(env: Env, setIds: readonly string[]): ConditionHit[] {
  return remember(env, ['conditions', contentKey(setIds)], () => findConditions(env, setIds));
}

function findConditions(env: Env, setIds: readonly string[]): ConditionHit[] {
  const { asOf } = env.context;
  const hits: ConditionHit[] = [];
  for (const fact of env.facts.conditions) {
    const date = fact.onset ?? fact.recorded;
    if (date && date > asOf) continue;
    const found = matchAny(env, setIds, fact.codes, [fact.text, ...fact.notes]);
    if (!found) continue;
    const active = isConditionActive(fact, asOf);
    const when = [
      fact.onset ? `onset ${fact.onset}` : fact.recorded ? `recorded ${fact.recorded}` : 'date not recorded',
      fact.abatement ? `abated ${fact.abatement}` : undefined,
      active ? 'active' : (fact.clinicalStatus ?? 'inactive'),
      isUnconfirmed(fact) ? `${fact.verificationStatus}, not confirmed` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    hits.push({
      fact,
      ...found,
      ...(date ? { date } : {}),
      activeAtIndex: active,
      description: `${label(fact.codes, fact.text)} (${describeMatch(found.match)}), ${when} [${fact.ref}]`,
    });
  }
  return hits;
}

export interface ProcedureHit {
  fact: ProcedureFact;
  setId: string;
  match: CodeMatch;
  /** The most recent day of the procedure known at T0 (see procedureDateAsOf); absent when undated. */
  date?: IsoDate;
  description: string;
}

/**
 * The most recent day of a procedure as known at T0: undefined when undated, null when it started
 * after T0. A procedure under way at T0 — a period that started by T0 and ended after it, or one still
 * in progress — counts as performed on T0 itself: a course of radiotherapy running through T0 is
 * inside every window.
 */
export function procedureDateAsOf(fact: ProcedureFact, asOf: IsoDate): IsoDate | undefined | null {
  const started = fact.start ?? fact.date;
  if (started !== undefined && started > asOf) return null;
  return isUnderway(fact, asOf) ? asOf : fact.date;
}

function isUnderway(fact: ProcedureFact, asOf: IsoDate): boolean {
  if (fact.date === undefined) return false;
  const open = fact.status === 'in-progress' && fact.start !== undefined && fact.date === fact.start;
  return fact.date > asOf || open;
}

/** The date shown for a procedure: its own, or that it was under way at T0. */
export function describeProcedureDate(fact: ProcedureFact, asOf: IsoDate): string {
  if (fact.date === undefined) return 'date not recorded';
  return isUnderway(fact, asOf) ? `started ${fact.start}, under way at T0` : fact.date;
}

/** Procedures in the value sets performed on or before T0 (undated ones included: callers decide). */
export function proceduresIn(env: Env, setIds: readonly string[]): ProcedureHit[] {
  return remember(env, ['procedures', contentKey(setIds)], () => findProcedures(env, setIds));
}

function findProcedures(env: Env, setIds: readonly string[]): ProcedureHit[] {
  const hits: ProcedureHit[] = [];
  const { asOf } = env.context;
  for (const fact of env.facts.procedures) {
    const date = procedureDateAsOf(fact, asOf);
    if (date === null) continue;
    const found = matchAny(env, setIds, fact.codes, [fact.text, ...fact.notes]);
    if (!found) continue;
    hits.push({
      fact,
      ...found,
      ...(date ? { date } : {}),
      description: `${label(fact.codes, fact.text)} (${describeMatch(found.match)}), ${describeProcedureDate(fact, asOf)} [${fact.ref}]`,
    });
  }
  return hits;
}

/**
 * Radiation given for bone metastases or for pain control: the registry's shorter E04 window ("1 week
 * for palliative radiation for bone metastases and/or for pain control"). The word "palliative" alone
 * is not enough — palliative radiation for another purpose (e.g. tumour bleeding) keeps the 4-week
 * window (criteria catalog E04; terminology/value-sets/radiotherapy.yaml). Whole terms (terms.ts):
 * "painless" is not pain.
 */
const PALLIATIVE_PURPOSE = new TermList([
  ...['bone', 'osseous', 'skeletal', 'vertebral', 'spinal', 'spine'].flatMap((site) =>
    ['metastasis', 'metastases', 'metastatic'].map((word) => `${site} ${word}`),
  ),
  'pain',
  'painful',
]);

export function isPalliative(fact: ProcedureFact): boolean {
  return (
    PALLIATIVE_PURPOSE.has([
      ...fact.reasonText,
      ...fact.notes,
      fact.text,
      ...fact.reasons.map((r) => r.display),
    ]) || fact.reasons.some((r) => /^C79\.?5/.test(r.code))
  );
}

/**
 * Whether the record states what a procedure was for (a reason code or text): without it, a purpose
 * that an exception depends on can be neither ruled in nor out.
 */
export function statesPurpose(fact: ProcedureFact): boolean {
  return fact.reasons.length > 0 || fact.reasonText.some((t) => t.trim().length > 0);
}

export interface AllergyHit {
  fact: AllergyFact;
  setId: string;
  match: CodeMatch;
  description: string;
}

export function allergiesTo(env: Env, setIds: readonly string[]): AllergyHit[] {
  const hits: AllergyHit[] = [];
  for (const fact of env.facts.allergies) {
    if (fact.recorded && fact.recorded > env.context.asOf) continue;
    const substances = fact.reactions.flatMap((r) => r.substance);
    const found = matchAny(env, setIds, [...fact.codes, ...substances], fact.names);
    if (!found) continue;
    hits.push({
      fact,
      ...found,
      description: `allergy to ${fact.names[0] ?? label(fact.codes, undefined)} (${describeMatch(found.match)}) [${fact.ref}]`,
    });
  }
  return hits;
}
