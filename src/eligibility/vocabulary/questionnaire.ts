/**
 * Blocks read from the screening questionnaire (criteria catalog, "The screening questionnaire"):
 * attestations, dated items inside a window, and childbearing potential.
 */
import type { QuestionnaireAnswer, QuestionnaireItem, QuestionnaireRole } from '../context.ts';
import type { AnswerLookup, Env } from '../env.ts';
import { describeDuration, windowStart } from '../evidence/time.ts';
import type { ScreeningAnswer } from '../patient-facts.ts';
import { outcome } from '../status.ts';
import type { BlockDefinition } from './definition.ts';
import type { ChildbearingPotentialBlock } from './rule-schema.ts';
import type { AttestationBlock, WindowBlock } from './schema.ts';

/** "by Dr Rivera on 2026-03-01" */
export function answeredBy(answer: ScreeningAnswer): string {
  const who = answer.author ? ` by ${answer.author}` : '';
  const when = answer.authored ? ` on ${answer.authored}` : '';
  return `${who}${when}`;
}

export function answerText(answer: ScreeningAnswer): string {
  return answer.value.kind === 'boolean' ? (answer.value.value ? 'yes' : 'no') : answer.value.value;
}

/** " (an answer dated …, after T0, was ignored)" for an item, or '' (docs/decisions/0001: answers after T0 are ignored and named). */
export function ignoredNote(
  env: Env,
  item: string,
  lookup: AnswerLookup | undefined = lookupAnswer(env, item),
): string {
  const newer = lookup ? lookup.ignoredNewer : (env.index.futureAnswers.get(item) ?? []);
  if (newer.length === 0) return '';
  return ` (an answer dated ${newer.map((a) => a.authored).join(', ')}, after T0, was ignored)`;
}

export function lookupAnswer(env: Env, item: string): AnswerLookup | undefined {
  return env.index.answers.get(item);
}

/** The protocol's questionnaire item that plays `role` (questionnaire.yaml), if it has one. */
export function itemWithRole(env: Env, role: QuestionnaireRole): QuestionnaireItem | undefined {
  return env.protocol.questionnaire.items.find((i) => i.role === role);
}

/** The protocol's questionnaire item `linkId`, if it is a named fact. */
export function questionnaireItem(env: Env, linkId: string): QuestionnaireItem | undefined {
  return env.protocol.questionnaire.items.find((i) => i.linkId === linkId);
}

/** What a coded answer means: the item's answer option for `code`, if the item defines that code. */
export function answerOption(
  item: QuestionnaireItem | undefined,
  code: string,
): QuestionnaireAnswer | undefined {
  return item?.answers?.find((a) => a.code === code);
}

export const attestation: BlockDefinition<AttestationBlock> = {
  evaluate(block, env) {
    const item = block.item ?? env.criterion.id;
    const lookup = lookupAnswer(env, item);
    const ignored = ignoredNote(env, item, lookup);
    if (!lookup) return outcome('needs_review', `awaiting confirmation (${item}): ${block.prompt}${ignored}`);
    const { answer } = lookup;
    const evidence = [answer.ref];
    const by = answeredBy(answer);
    if (block.accept) {
      if (answer.value.kind === 'code' && block.accept.includes(answer.value.value)) {
        return outcome('met', `${item}: ${answer.value.value}${by}${ignored}`, evidence);
      }
      return outcome(
        'needs_review',
        `${item}: "${answerText(answer)}"${by} is not one of ${block.accept.join(', ')}${ignored}`,
        evidence,
      );
    }
    if (answer.value.kind !== 'boolean') {
      return outcome(
        'needs_review',
        `${item}: "${answerText(answer)}"${by} is not a yes/no answer${ignored}`,
        evidence,
      );
    }
    return answer.value.value
      ? outcome('met', `confirmed${by}: ${block.prompt}${ignored}`, evidence)
      : outcome('not_met', `answered no${by}: ${block.prompt}${ignored}`, evidence);
  },
  render(block) {
    const accept = block.accept ? ` (one of: ${block.accept.join(', ')})` : '';
    return `confirmed in the screening questionnaire${block.item ? ` item ${block.item}` : ''}: ${block.prompt}${accept}`;
  },
};

export const dateWindow: BlockDefinition<WindowBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const lookup = lookupAnswer(env, block.item);
    const ignored = ignoredNote(env, block.item, lookup);
    if (!lookup) return outcome('unknown', `no ${block.label} recorded (${block.item})${ignored}`);
    const { answer } = lookup;
    if (answer.value.kind !== 'date') {
      return outcome('unknown', `${block.item}: "${answerText(answer)}" is not a date`, [answer.ref]);
    }
    const date = answer.value.value;
    const from = windowStart(asOf, block.within);
    if (date > asOf) {
      return outcome('unknown', `${block.label} ${date} is after T0 ${asOf} (ignored)`, [answer.ref]);
    }
    if (date < from) {
      return outcome(
        'unknown',
        `${block.label} ${date} is more than ${describeDuration(block.within)} before T0 (window starts ${from})`,
        [answer.ref],
      );
    }
    return outcome(
      'met',
      `${block.label} ${date}, within ${describeDuration(block.within)} before T0${ignored}`,
      [answer.ref],
    );
  },
  render(block) {
    return `${block.label} (questionnaire item ${block.item}) within ${describeDuration(block.within)} before T0`;
  },
};

export const childbearingPotential: BlockDefinition<ChildbearingPotentialBlock> = {
  evaluate(block, env) {
    const lookup = lookupAnswer(env, block.item);
    if (lookup && lookup.answer.value.kind === 'boolean') {
      const { answer } = lookup;
      const value = answer.value.kind === 'boolean' && answer.value.value;
      return outcome(
        value ? 'met' : 'not_met',
        `${value ? 'of' : 'not of'} childbearing potential (recorded${answeredBy(answer)})`,
        [answer.ref],
      );
    }
    if (env.facts.sex === 'male') return outcome('not_met', 'not of childbearing potential (male)');
    // An answer authored after T0 is not used, and the reason names it (docs/decisions/0001).
    return outcome(
      'unknown',
      `childbearing potential not recorded (${block.item})${ignoredNote(env, block.item, lookup)}`,
    );
  },
  render(block) {
    return `of childbearing potential (questionnaire item ${block.item}; male sex means not)`;
  },
};
