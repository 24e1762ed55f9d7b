/**
 * E14 (registry: "untreated or incompletely treated esophageal/gastric varices with bleeding or high
 * risk for bleeding. Subjects treated with adequate endoscopic therapy … without any episodes of
 * recurrent gastrointestinal bleeding requiring transfusion or hospitalization for > 28 days prior
 * to randomization are eligible"): proposition "varices at risk are present".
 */
import { conditionsIn, proceduresIn } from '../../evidence/records.ts';
import { describeDuration, isWithin } from '../../evidence/time.ts';
import { outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { VariceRiskBlock } from '../rule-schema.ts';

export const varicesAtRisk: BlockDefinition<VariceRiskBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const varices = conditionsIn(env, [block.varicesSet]).filter((h) => h.activeAtIndex);
    if (varices.length === 0) return outcome('not_met', 'no esophageal or gastric varices recorded');
    const varicesText = varices.map((h) => h.description).join('; ');
    const bleeds = conditionsIn(env, [block.bleedingSet]);
    const recentBleeds = bleeds.filter((h) => h.date && isWithin(h.date, asOf, block.bleedFreeFor));
    const evidence = varices.map((h) => h.fact.ref);
    if (recentBleeds.length > 0) {
      return outcome(
        'met',
        `${varicesText}; gastrointestinal bleeding within ${describeDuration(block.bleedFreeFor)}: ${recentBleeds.map((h) => h.description).join('; ')}`,
        [...new Set([...evidence, ...recentBleeds.map((h) => h.fact.ref)])],
      );
    }
    const therapy = proceduresIn(env, [block.therapySet]);
    // A bleed with no date cannot be placed outside the bleed-free window (docs/decisions/0002).
    const undatedBleeds = bleeds.filter((h) => !h.date);
    if (therapy.length > 0 && undatedBleeds.length > 0) {
      const treated = therapy.map((h) => h.description).join('; ');
      const undatedText = undatedBleeds.map((h) => h.description).join('; ');
      return outcome(
        'unknown',
        `${varicesText}; treated by ${treated}; gastrointestinal bleeding with no date, possibly within ${describeDuration(block.bleedFreeFor)}: ${undatedText}`,
        [...new Set([...evidence, ...undatedBleeds.map((h) => h.fact.ref)])],
      );
    }
    if (therapy.length > 0) {
      return outcome(
        'needs_review',
        `${varicesText}; treated by ${therapy.map((h) => h.description).join('; ')}, no bleeding within ${describeDuration(block.bleedFreeFor)} recorded — confirm the endoscopic therapy is adequate and complete`,
        [...evidence, ...therapy.map((h) => h.fact.ref)],
      );
    }
    if (bleeds.length > 0) {
      return outcome(
        'met',
        `untreated ${varicesText}; bleeding recorded: ${bleeds.map((h) => h.description).join('; ')}`,
        [...new Set([...evidence, ...bleeds.map((h) => h.fact.ref)])],
      );
    }
    return outcome(
      'needs_review',
      `untreated ${varicesText}, no bleeding recorded — is the bleeding risk high?`,
      evidence,
    );
  },
  render(block) {
    return `esophageal/gastric varices (${block.varicesSet}) untreated with bleeding or high bleeding risk, or bleeding (${block.bleedingSet}) within ${describeDuration(block.bleedFreeFor)} despite endoscopic therapy (${block.therapySet})`;
  },
};
