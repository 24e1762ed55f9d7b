/** Combinators and the site and plan rules that make a block apply only in some circumstances. */
import type { Env } from '../env.ts';
import { allOf, anyOf, negate, type Outcome, outcome } from '../status.ts';
import type { AllBlock, AnyBlock, NotBlock, PlanRuleBlock, SiteRuleBlock, WhenBlock } from './block.ts';
import type { BlockDefinition } from './definition.ts';
import { answerOption, itemWithRole } from './questionnaire.ts';

export const all: BlockDefinition<AllBlock> = {
  evaluate: (block, env) => allOf(block.of.map((b) => env.evaluate(b))),
  render: (block, r) => `all of: ${block.of.map((b) => `(${r.render(b)})`).join(' and ')}`,
};

export const any: BlockDefinition<AnyBlock> = {
  evaluate: (block, env) => anyOf(block.of.map((b) => env.evaluate(b))),
  render: (block, r) => `any of: ${block.of.map((b) => `(${r.render(b)})`).join(' or ')}`,
};

export const not: BlockDefinition<NotBlock> = {
  evaluate: (block, env) => negate(env.evaluate(block.block)),
  render: (block, r) => `not: ${r.render(block.block)}`,
};

function notApplicable(reason: string, evidence: string[] = []): Outcome {
  return { ...outcome('met', reason, evidence), notApplicable: true };
}

/** A condition whose truth is open decides nothing when both branches agree; otherwise the result stays open. */
function undecided(condition: Outcome, then: Outcome, otherwise: Outcome): Outcome {
  if (then.status === otherwise.status) {
    return outcome(then.status, `${then.reason} (whichever way: ${condition.reason})`, then.evidence);
  }
  return outcome(condition.status, `${condition.reason}; if it applies: ${then.reason}`, [
    ...new Set([...condition.evidence, ...then.evidence]),
  ]);
}

export const when: BlockDefinition<WhenBlock> = {
  evaluate(block, env) {
    const condition = env.evaluate(block.if);
    const otherwise = () =>
      block.else
        ? env.evaluate(block.else)
        : notApplicable(`not applicable (${condition.reason})`, condition.evidence);
    if (condition.status === 'met') {
      const then = env.evaluate(block.then);
      return outcome(then.status, `${condition.reason}: ${then.reason}`, [
        ...new Set([...condition.evidence, ...then.evidence]),
      ]);
    }
    if (condition.status === 'not_met') return otherwise();
    return undecided(condition, env.evaluate(block.then), otherwise());
  },
  render(block, r) {
    const otherwise = block.else ? `; otherwise ${r.render(block.else)}` : '';
    return `if ${r.render(block.if)}: ${r.render(block.then)}${otherwise}`;
  },
};

export const siteRule: BlockDefinition<SiteRuleBlock> = {
  evaluate(block, env: Env) {
    const siteId = env.context.siteId;
    const sites = block.sites.join(', ');
    if (!siteId) return outcome('unknown', `screening site not given (${block.label} applies at ${sites})`);
    if (!block.sites.includes(siteId))
      return notApplicable(`not applicable at ${siteId} (${block.label} applies only at ${sites})`);
    const accrual = env.context.siteAccrual;
    let applies = `${block.label} applies at ${siteId}`;
    if (accrual) {
      const counts = env.protocol.arms.map((arm) => ({ arm, n: accrual[arm.id] ?? 0 }));
      const text = counts.map((c) => `${c.arm.name}: ${c.n}`).join(', ');
      if (counts.every((c) => c.n >= block.firstPerArm)) {
        return notApplicable(
          `not applicable: every arm at ${siteId} already has ≥ ${block.firstPerArm} randomized (${text})`,
        );
      }
      applies += ` (randomized so far: ${text})`;
    } else {
      applies += ` (randomized counts per arm not given: assumed fewer than ${block.firstPerArm})`;
    }
    const then = env.evaluate(block.then);
    return outcome(then.status, `${applies}: ${then.reason}`, then.evidence);
  },
  render(block, r) {
    return `at ${block.sites.join(' and ')}, while any arm there has fewer than ${block.firstPerArm} randomized: ${r.render(block.then)}`;
  },
};

export const planRule: BlockDefinition<PlanRuleBlock> = {
  evaluate(block, env) {
    // The planned intervention: the context's code (the CLI's --mki) or the questionnaire's answer,
    // through the item's codes (questionnaire.yaml, role planned-intervention).
    const item = itemWithRole(env, 'planned-intervention');
    const answer = item ? env.index.answers.get(item.linkId)?.answer : undefined;
    const fromAnswer = answer?.value.kind === 'code' ? answer.value.value : undefined;
    const code = env.context.plannedMki ?? fromAnswer;
    const planned = code === undefined ? undefined : (answerOption(item, code)?.intervention ?? code);
    const source = env.context.plannedMki ? 'screening context' : 'questionnaire';
    if (planned && planned !== block.mki) {
      return notApplicable(
        `not applicable: ${planned} planned (${source}); applies only with ${block.mki}`,
        answer && !env.context.plannedMki ? [answer.ref] : [],
      );
    }
    const then = env.evaluate(block.then);
    if (planned)
      return outcome(then.status, `${block.mki} planned (${source}): ${then.reason}`, then.evidence);
    if (then.status === 'met')
      return outcome(
        'met',
        `planned multi-kinase inhibitor not given, and in any case ${then.reason}`,
        then.evidence,
      );
    return outcome(
      'unknown',
      `planned multi-kinase inhibitor not given (applies only with ${block.mki}); if ${block.mki}: ${then.reason}`,
      then.evidence,
    );
  },
  render(block, r) {
    return `only when ${block.mki} is the planned multi-kinase inhibitor: ${r.render(block.then)}`;
  },
};
