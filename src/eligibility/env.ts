/**
 * The evaluation environment a block sees: the patient's facts indexed once per screening, the
 * context, the criterion being decided and a way to evaluate nested blocks.
 */
import type { Criterion, ScreeningContext, ScreeningProtocol, ScreeningSite } from './context.ts';
import { type ObservationFact, type PatientFacts, type ScreeningAnswer, SYSTEMS } from './patient-facts.ts';
import type { Outcome } from './status.ts';
import type { Block } from './vocabulary/block.ts';

export interface AnswerLookup {
  answer: ScreeningAnswer;
  /** Answers to the same item dated after T0, which were ignored. */
  ignoredNewer: ScreeningAnswer[];
}

export interface FactIndex {
  /** Results of each lab of the terminology (by lab ID, via their LOINC codes), newest first. */
  resultsByLab: ReadonlyMap<string, readonly ObservationFact[]>;
  /** The answer that counts per questionnaire linkId: the newest authored on or before T0. */
  answers: ReadonlyMap<string, AnswerLookup>;
  /** Answers dated after T0 for items with no usable answer, per linkId. */
  futureAnswers: ReadonlyMap<string, ScreeningAnswer[]>;
  /** Evidence lookups already made for this patient (many criteria ask the same question). */
  memo: Memo;
}

/** Nested maps keyed by the parts of a lookup's key (strings, or the protocol's own objects). */
type Memo = Map<unknown, unknown>;
const VALUE = Symbol('value');

/**
 * The result of `compute` for this patient, computed once per key. A key is the lookup's name and
 * its inputs, e.g. ['quantity', labId, windowStart, unit]; protocol objects (a block's class list)
 * may be parts: they are stable for the whole batch, and no string has to be built per call.
 */
export function remember<T>(env: Env, key: readonly unknown[], compute: () => T): T {
  let level = env.index.memo;
  for (const part of key) {
    let next = level.get(part) as Memo | undefined;
    if (next === undefined) {
      next = new Map();
      level.set(part, next);
    }
    level = next;
  }
  if (level.has(VALUE)) return level.get(VALUE) as T;
  const value = compute();
  level.set(VALUE, value);
  return value;
}

const contentKeys = new WeakMap<readonly string[], string>();

/**
 * A memo key part for a list of IDs that depends on its content, not its identity: two criteria
 * asking about the same classes with different arrays share one lookup. Joined once per array.
 */
export function contentKey(ids: string | readonly string[]): string {
  if (typeof ids === 'string') return ids;
  let key = contentKeys.get(ids);
  if (key === undefined) {
    key = ids.join('\n');
    contentKeys.set(ids, key);
  }
  return key;
}

export interface Env {
  readonly protocol: ScreeningProtocol;
  readonly context: ScreeningContext;
  readonly facts: PatientFacts;
  readonly index: FactIndex;
  readonly site: ScreeningSite | undefined;
  /** The criterion being decided (for messages and its questionnaire item). */
  readonly criterion: Criterion;
  evaluate(block: Block): Outcome;
}

/** Lab IDs by LOINC code (Terminology.labsByLoinc). */
export type LabsByLoinc = ReadonlyMap<string, readonly string[]>;
const NO_LABS: readonly string[] = [];

/** Newest first: by date, then by the recorded time of day; undated last. */
export function newestFirst(a: ObservationFact, b: ObservationFact): number {
  return descending(a.date ?? '', b.date ?? '') || descending(a.instant ?? '', b.instant ?? '');
}

/** Comparator for ISO dates and times: plain string order is date order (no locale rules needed). */
export function descending(a: string, b: string): number {
  return a === b ? 0 : a < b ? 1 : -1;
}

/** Sorts a short list in place, newest first (insertion sort: lists are a few results long). */
function sortNewestFirst(list: ObservationFact[]): void {
  for (let i = 1; i < list.length; i++) {
    const item = list[i] as ObservationFact;
    let j = i - 1;
    while (j >= 0 && newestFirst(list[j] as ObservationFact, item) > 0) {
      list[j + 1] = list[j] as ObservationFact;
      j--;
    }
    list[j + 1] = item;
  }
}

export function indexFacts(facts: PatientFacts, asOf: string, labsByLoinc: LabsByLoinc): FactIndex {
  const resultsByLab = new Map<string, ObservationFact[]>();
  for (const observation of facts.observations) {
    for (const code of observation.codes) {
      if (code.system !== SYSTEMS.loinc) continue;
      for (const lab of labsByLoinc.get(code.code) ?? NO_LABS) {
        const list = resultsByLab.get(lab);
        if (!list) resultsByLab.set(lab, [observation]);
        // An observation coded twice for the same lab (two of its LOINC codes) counts once.
        else if (list[list.length - 1] !== observation) list.push(observation);
      }
    }
  }
  for (const list of resultsByLab.values()) if (list.length > 1) sortNewestFirst(list);

  const answers = new Map<string, AnswerLookup>();
  const futureAnswers = new Map<string, ScreeningAnswer[]>();
  for (const answer of facts.answers) {
    if (answer.authored && answer.authored > asOf) {
      const list = futureAnswers.get(answer.linkId) ?? [];
      list.push(answer);
      futureAnswers.set(answer.linkId, list);
      continue;
    }
    const current = answers.get(answer.linkId);
    // Newest response wins per item (catalog); undated answers rank below dated ones, later input wins ties.
    if (!current || (answer.authored ?? '') >= (current.answer.authored ?? '')) {
      answers.set(answer.linkId, { answer, ignoredNewer: [] });
    }
  }
  for (const [linkId, newer] of futureAnswers) {
    const current = answers.get(linkId);
    if (current) current.ignoredNewer.push(...newer);
  }
  return { resultsByLab, answers, futureAnswers, memo: new Map() };
}
