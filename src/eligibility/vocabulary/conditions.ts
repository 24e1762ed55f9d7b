/** The condition block: "known X" / "history of X", with the protocol's exceptions. */
import type { Env } from '../env.ts';
import { activeAt, exposuresOf } from '../evidence/medications.ts';
import { type ConditionHit, conditionsIn, isUnconfirmed, valueSet } from '../evidence/records.ts';
import { describeDuration, isWithin } from '../evidence/time.ts';
import { type Outcome, outcome } from '../status.ts';
import { termList } from '../terms.ts';
import type { BlockDefinition } from './definition.ts';
import type { ConditionBlock, ConditionException } from './schema.ts';

type Verdict = 'counts' | 'review' | 'uncertain' | 'excepted';

interface Judged {
  hit: ConditionHit;
  verdict: Verdict;
  note: string;
}

/** Whether the record's own words (text, code displays, notes) name one of `words` as a whole term. */
function says(hit: ConditionHit, words: readonly string[]): boolean {
  if (words.length === 0) return false;
  return termList(words).has([hit.fact.text, ...hit.fact.codes.map((c) => c.display), ...hit.fact.notes]);
}

function judgeException(env: Env, hit: ConditionHit, exception: ConditionException): Judged | undefined {
  if (!valueSet(env, exception.valueSet).match(hit.fact.codes, [hit.fact.text])) return undefined;
  if (says(hit, exception.unlessWords)) return undefined;
  // The exception holds (while taking its treatment, when it names one); then it may still need review.
  const holds = (note: string): Judged =>
    exception.review
      ? { hit, verdict: 'review', note: `${note}: ${exception.review}` }
      : { hit, verdict: 'excepted', note: `${note} (${exception.label})` };
  if (!exception.whileTaking) return holds(hit.description);
  const treatments = exposuresOf(env, exception.whileTaking);
  const states = treatments.map((e) => activeAt(e, env.context.asOf));
  if (states.includes(true)) {
    const drug = treatments[states.indexOf(true)]?.description ?? '';
    return holds(`${hit.description} on ${drug}`);
  }
  if (states.includes(undefined)) {
    return {
      hit,
      verdict: 'uncertain',
      note: `${hit.description}: allowed only ${exception.label}, and whether ${exception.whileTaking} continues at T0 is not recorded`,
    };
  }
  return {
    hit,
    verdict: 'counts',
    note: `${hit.description}, not on ${exception.whileTaking} (${exception.label} does not apply)`,
  };
}

function judge(env: Env, block: ConditionBlock, hit: ConditionHit): Judged | undefined {
  if (block.status === 'active' && !hit.activeAtIndex) return undefined;
  let undated: Judged | undefined;
  if (block.onsetWithin && !(block.orActiveAtIndex && hit.activeAtIndex)) {
    if (!hit.date) {
      const window = describeDuration(block.onsetWithin);
      const note = `${hit.description}: onset date not recorded (counts within ${window})`;
      undated = { hit, verdict: 'uncertain', note };
    } else if (!isWithin(hit.date, env.context.asOf, block.onsetWithin)) return undefined;
  }
  // A diagnosis recorded as provisional or differential is not yet known either way: the record
  // must be confirmed or refuted.
  if (isUnconfirmed(hit.fact)) {
    return {
      hit,
      verdict: 'uncertain',
      note: `${hit.description}: confirm or refute the diagnosis in the record`,
    };
  }
  for (const exception of block.except) {
    const judged = judgeException(env, hit, exception);
    // An exception that allows the condition (or leaves it to a person) does so whatever its date: an
    // undated portal vein thrombosis is allowed (E20), an undated basal cell carcinoma needs the same
    // confirmation as a dated one (E27). Only a condition that would count needs its date.
    if (judged) return undated && judged.verdict === 'counts' ? undated : judged;
  }
  return undated ?? { hit, verdict: 'counts', note: hit.description };
}

function notes(judged: Judged[], verdict: Verdict): string {
  return judged
    .filter((j) => j.verdict === verdict)
    .map((j) => j.note)
    .join('; ');
}

function refs(judged: Judged[], verdict: Verdict): string[] {
  return judged.filter((j) => j.verdict === verdict).map((j) => j.hit.fact.ref);
}

export const condition: BlockDefinition<ConditionBlock> = {
  evaluate(block, env): Outcome {
    const judged = conditionsIn(env, block.valueSet)
      .map((hit) => judge(env, block, hit))
      .filter((j): j is Judged => j !== undefined);
    const excepted = notes(judged, 'excepted');
    const allowed = excepted ? `; allowed: ${excepted}` : '';
    if (judged.some((j) => j.verdict === 'counts')) {
      const reason = `${block.label} recorded: ${notes(judged, 'counts')}`;
      if (block.reviewOnMatch)
        return outcome('needs_review', `${reason} — ${block.reviewOnMatch}`, refs(judged, 'counts'));
      return outcome('met', reason, refs(judged, 'counts'));
    }
    if (judged.some((j) => j.verdict === 'review')) {
      return outcome('needs_review', `${notes(judged, 'review')}${allowed}`, refs(judged, 'review'));
    }
    if (judged.some((j) => j.verdict === 'uncertain')) {
      return outcome('unknown', `${notes(judged, 'uncertain')}${allowed}`, refs(judged, 'uncertain'));
    }
    const scope = block.onsetWithin ? ` with onset within ${describeDuration(block.onsetWithin)}` : '';
    const active = block.status === 'active' ? 'active ' : '';
    return outcome(
      block.ifNone,
      `no ${active}${block.label}${scope} recorded${allowed}`,
      refs(judged, 'excepted'),
    );
  },
  render(block) {
    const scope = [
      block.status === 'active' ? 'active' : 'any history of',
      block.label,
      block.onsetWithin ? `with onset within ${describeDuration(block.onsetWithin)}` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const exceptions = block.except.map((e) =>
      e.review ? `${e.label} (needs confirmation: ${e.review})` : e.label,
    );
    return `${scope} (value sets: ${block.valueSet.join(', ')})${exceptions.length ? `, except ${exceptions.join('; ')}` : ''}`;
  },
};
