/**
 * I24 (registry: "Resolution of any acute, clinically significant treatment-related toxicity from
 * prior therapy to grade ≤ 1 … with the exception of alopecia and peripheral sensory neuropathy"):
 * proposition "a toxicity of grade ≥ minGrade is unresolved". The newest record of each toxicity
 * gives its current grade (CTCAE v5 grades); a resolved outcome means grade 0.
 */

import type { AdverseEventFact } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import { normalizeText } from '../../terminology.ts';
import type { BlockDefinition } from '../definition.ts';
import type { UnresolvedToxicityBlock } from '../rule-schema.ts';

function termOf(event: AdverseEventFact): string {
  return (
    event.text ?? event.codes.find((c) => c.display)?.display ?? event.codes[0]?.code ?? 'unnamed toxicity'
  );
}

/** One key per toxicity: its first code, else its normalized name. */
function keyOf(event: AdverseEventFact): string {
  const code = event.codes[0];
  return code ? `${code.system}|${code.code}` : normalizeText(termOf(event));
}

export const unresolvedToxicity: BlockDefinition<UnresolvedToxicityBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const latest = new Map<string, AdverseEventFact>();
    for (const event of env.facts.adverseEvents) {
      if (event.date && event.date > asOf) continue;
      const key = keyOf(event);
      const current = latest.get(key);
      if (!current || (event.date ?? '') >= (current.date ?? '')) latest.set(key, event);
    }
    const excepted = block.exceptTerms.map((t) => normalizeText(t).trim());
    const isExcepted = (e: AdverseEventFact) => {
      const text = normalizeText([termOf(e), ...e.codes.map((c) => c.display ?? '')].join(' '));
      return excepted.some((t) => text.includes(` ${t}`));
    };
    const describe = (e: AdverseEventFact, grade: string) =>
      `${termOf(e)} ${grade}${e.date ? ` on ${e.date}` : ''} [${e.ref}]`;
    const unresolved: AdverseEventFact[] = [];
    const ungraded: AdverseEventFact[] = [];
    const allowed: AdverseEventFact[] = [];
    for (const event of latest.values()) {
      if (event.resolved) continue;
      if (isExcepted(event)) allowed.push(event);
      else if (event.grade === undefined) ungraded.push(event);
      else if (event.grade >= block.minGrade) unresolved.push(event);
    }
    const exceptNote = allowed.length
      ? `; allowed: ${allowed.map((e) => describe(e, `grade ${e.grade ?? '?'}`)).join('; ')}`
      : '';
    if (unresolved.length > 0) {
      return outcome(
        'met',
        `unresolved toxicity of grade ≥ ${block.minGrade}: ${unresolved.map((e) => describe(e, `grade ${e.grade}`)).join('; ')}`,
        unresolved.map((e) => e.ref),
      );
    }
    if (ungraded.length > 0) {
      return outcome(
        'needs_review',
        `toxicity without a recorded grade: ${ungraded.map((e) => describe(e, '(grade not recorded)')).join('; ')}${exceptNote}`,
        ungraded.map((e) => e.ref),
      );
    }
    const reviewed =
      latest.size > 0 ? ` (${latest.size} recorded toxicities resolved or grade < ${block.minGrade})` : '';
    return outcome(
      'not_met',
      `no unresolved toxicity of grade ≥ ${block.minGrade} recorded${reviewed}${exceptNote}`,
    );
  },
  render(block) {
    return `a toxicity of prior therapy still at grade ≥ ${block.minGrade} (except ${block.exceptTerms.join(', ')})`;
  },
};
