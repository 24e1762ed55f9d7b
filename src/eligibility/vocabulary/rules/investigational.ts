/**
 * E05 (registry: "Treatment with investigational therapy ≤ 28 days prior to randomization"):
 * proposition "a medication or procedure flagged as investigational within the window". FHIR has no
 * standard flag; a record counts when its category, notes or names say investigational, study drug
 * or clinical trial (docs/fhir-intake.md describes how sites record it).
 */
import { overlaps } from '../../evidence/medications.ts';
import { describeDuration, isWithin, windowStart } from '../../evidence/time.ts';
import type { Code } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { InvestigationalTherapyBlock } from '../rule-schema.ts';

const FLAG = /\b(investigational|study drug|study medication|clinical trial|research protocol)\b/i;

function flagged(texts: readonly (string | undefined)[], codes: readonly Code[]): boolean {
  return [...texts, ...codes.flatMap((c) => [c.display, c.code])].some(
    (t) => t !== undefined && FLAG.test(t),
  );
}

export const investigationalTherapy: BlockDefinition<InvestigationalTherapyBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const from = windowStart(asOf, block.within);
    const found: string[] = [];
    const open: string[] = [];
    const refs: string[] = [];
    for (const m of env.facts.medications) {
      if (!flagged([...m.names, ...m.notes, ...m.reasonText, ...m.dosageText], m.categories)) continue;
      const inWindow = overlaps(m, from, asOf);
      if (inWindow === false) continue;
      const until = m.end ? ` to ${m.end}` : m.ongoing ? ', ongoing' : ', end not recorded';
      const text = `${m.names[0] ?? 'investigational product'} (${m.start ?? 'start not recorded'}${until}) [${m.ref}]`;
      (inWindow ? found : open).push(text);
      refs.push(m.ref);
    }
    for (const p of env.facts.procedures) {
      // An undated procedure can be neither placed inside nor outside the window (docs/decisions/0002).
      if (p.date && !isWithin(p.date, asOf, block.within)) continue;
      if (!flagged([p.text, ...p.notes, ...p.reasonText], [...p.categories, ...p.codes])) continue;
      const name = p.text ?? p.codes[0]?.display ?? 'procedure';
      if (p.date) found.push(`${name} on ${p.date} [${p.ref}]`);
      else open.push(`${name}, date not recorded [${p.ref}]`);
      refs.push(p.ref);
    }
    const window = describeDuration(block.within);
    if (found.length > 0)
      return outcome('met', `investigational therapy within ${window}: ${found.join('; ')}`, refs);
    if (open.length > 0) {
      return outcome(
        'unknown',
        `investigational therapy possibly within ${window} (dates incomplete): ${open.join('; ')}`,
        refs,
      );
    }
    return outcome('not_met', `no investigational therapy within ${window} recorded`);
  },
  render(block) {
    return `a medication or procedure recorded as investigational (study drug, clinical trial) within ${describeDuration(block.within)}`;
  },
};
