/**
 * I24 (registry: "Resolution of any acute, clinically significant treatment-related toxicity from
 * prior therapy to grade ≤ 1 … with the exception of alopecia and peripheral sensory neuropathy"):
 * proposition "a toxicity of grade ≥ minGrade is unresolved". The newest record of each toxicity
 * gives its current grade (CTCAE v5 grades); a resolved outcome means grade 0. Terms match as whole
 * terms (terms.ts). A record that may be an excepted toxicity but does not say ("peripheral
 * neuropathy": sensory is excepted, motor is not — CTCAE v5 grades them as two terms) needs review:
 * the exception cannot be ruled out from the data (criteria catalog: undecidable → needs_review).
 */

import type { AdverseEventFact } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import { normalizeText, termList } from '../../terms.ts';
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
    const names = (e: AdverseEventFact) => [termOf(e), ...e.codes.map((c) => c.display)];
    const excepted = termList(block.exceptTerms);
    const mayBe = (e: AdverseEventFact) => block.undecidedTerms.find((u) => termList(u.terms).has(names(e)));
    const describe = (e: AdverseEventFact, grade: string) =>
      `${termOf(e)} ${grade}${e.date ? ` on ${e.date}` : ''} [${e.ref}]`;
    const unresolved: AdverseEventFact[] = [];
    const ungraded: AdverseEventFact[] = [];
    const undecided: { event: AdverseEventFact; mayBe: string }[] = [];
    const allowed: AdverseEventFact[] = [];
    for (const event of latest.values()) {
      if (event.resolved) continue;
      if (excepted.has(names(event))) allowed.push(event);
      else if (event.grade === undefined) ungraded.push(event);
      else if (event.grade < block.minGrade) continue;
      else {
        const undecidedAs = mayBe(event);
        if (undecidedAs) undecided.push({ event, mayBe: undecidedAs.mayBe });
        else unresolved.push(event);
      }
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
    if (ungraded.length > 0 || undecided.length > 0) {
      const parts = [
        ...undecided.map(
          (u) =>
            `${describe(u.event, `grade ${u.event.grade}`)}: allowed only if it is ${u.mayBe}, which the record does not say`,
        ),
        ...(ungraded.length
          ? [
              `toxicity without a recorded grade: ${ungraded.map((e) => describe(e, '(grade not recorded)')).join('; ')}`,
            ]
          : []),
      ];
      return outcome(
        'needs_review',
        `${parts.join('; ')}${exceptNote}`,
        [...undecided.map((u) => u.event), ...ungraded].map((e) => e.ref),
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
    const review = block.undecidedTerms
      .map((u) => `; needs review when recorded as ${u.terms.join(', ')} (may be ${u.mayBe})`)
      .join('');
    return `a toxicity of prior therapy still at grade ≥ ${block.minGrade} (except ${block.exceptTerms.join(', ')}${review})`;
  },
};
