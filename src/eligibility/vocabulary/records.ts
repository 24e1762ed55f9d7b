/** Procedure, immunization and allergy blocks. */
import { allergiesTo, isPalliative, proceduresIn, statesPurpose, valueSet } from '../evidence/records.ts';
import { describeDuration, isWithin, windowStart } from '../evidence/time.ts';
import { outcome } from '../status.ts';
import { describeMatch } from '../terminology.ts';
import type { BlockDefinition } from './definition.ts';
import type { AllergyBlock, ImmunizationBlock, ProcedureBlock } from './schema.ts';

export const procedure: BlockDefinition<ProcedureBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const window = block.within ? `within ${describeDuration(block.within)}` : 'before T0';
    const inWindow = (date: string) => (block.within ? isWithin(date, asOf, block.within) : date <= asOf);
    const hits = proceduresIn(env, block.procedureSet);
    // docs/decisions/0002: an undated procedure counts where the criterion has no window, and makes a
    // windowed criterion unknown.
    const undated = block.within ? hits.filter((h) => !h.date) : [];
    const notes: string[] = [];
    // E04 (registry: "Radiation therapy ≤ 4 weeks (1 week for palliative radiation for bone metastases
    // and/or for pain control)"): between the two windows, a procedure whose record states no purpose may
    // be the palliative kind — the exception can be neither ruled in nor out (criteria catalog:
    // undecidable → needs_review).
    const undecided: typeof hits = [];
    const counting = hits.filter((h) => {
      const date = h.date;
      if (!date) return !block.within;
      if (!inWindow(date)) return false;
      if (block.palliativeWithin && date < windowStart(asOf, block.palliativeWithin)) {
        if (isPalliative(h.fact)) {
          notes.push(
            `${h.description}: palliative, counts only within ${describeDuration(block.palliativeWithin)}`,
          );
          return false;
        }
        if (!statesPurpose(h.fact)) {
          undecided.push(h);
          return false;
        }
      }
      return true;
    });
    const noted = notes.length ? ` (${notes.join('; ')})` : '';
    if (counting.length >= block.minCount) {
      const found = `${block.label} ${window}: ${counting.map((h) => h.description).join('; ')}`;
      const refs = counting.map((h) => h.fact.ref);
      // E24: drainage through an indwelling catheter is allowed, but a catheter on record does not show
      // which drainages went through it (nor that it is still in place, in that cavity).
      const catheters = block.unlessProcedureSet ? proceduresIn(env, [block.unlessProcedureSet]) : [];
      if (catheters.length > 0) {
        return outcome(
          'needs_review',
          `${found}; ${catheters.map((h) => h.description).join('; ')} — were these drainages through the indwelling catheter (allowed)?`,
          [...refs, ...catheters.map((h) => h.fact.ref)],
        );
      }
      return outcome('met', found, refs);
    }
    if (undated.length > 0 && counting.length + undated.length >= block.minCount) {
      return outcome(
        'unknown',
        `${block.label} with no date: ${undated.map((h) => h.description).join('; ')}${noted}`,
        undated.map((h) => h.fact.ref),
      );
    }
    if (
      block.palliativeWithin &&
      undecided.length > 0 &&
      counting.length + undecided.length >= block.minCount
    ) {
      const palliative = describeDuration(block.palliativeWithin);
      return outcome(
        'needs_review',
        `${block.label} ${window}, purpose not recorded: ${undecided.map((h) => h.description).join('; ')} — allowed after ${palliative} only if palliative for bone metastases or pain control${noted}`,
        [...counting, ...undecided].map((h) => h.fact.ref),
      );
    }
    if (counting.length > 0) {
      return outcome(
        'not_met',
        `${counting.length} ${block.label} ${window}, fewer than ${block.minCount}: ${counting.map((h) => h.description).join('; ')}${noted}`,
        counting.map((h) => h.fact.ref),
      );
    }
    return outcome('not_met', `no ${block.label} ${window}${noted}`);
  },
  render(block) {
    const count = block.minCount > 1 ? `at least ${block.minCount} × ` : '';
    const palliative = block.palliativeWithin
      ? ` (palliative for bone metastases or pain: within ${describeDuration(block.palliativeWithin)}; purpose not recorded: needs review)`
      : '';
    const unless = block.unlessProcedureSet
      ? ` (needs confirmation when ${block.unlessProcedureSet} is recorded: drainage through it is allowed)`
      : '';
    const window = block.within ? `within ${describeDuration(block.within)}` : 'at any time before T0';
    return `${count}${block.label} (value sets: ${block.procedureSet.join(', ')}) ${window}${palliative}${unless}`;
  },
};

export const immunization: BlockDefinition<ImmunizationBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const vaccines = valueSet(env, block.vaccineSet);
    const hits = env.facts.immunizations
      .filter((f) => !f.date || f.date <= asOf)
      .flatMap((f) => {
        const match = vaccines.match(f.codes, [f.text]);
        return match
          ? [
              {
                fact: f,
                description: `${f.text ?? f.codes[0]?.display ?? 'vaccine'} (${describeMatch(match)}), ${f.date ?? 'date not recorded'} [${f.ref}]`,
              },
            ]
          : [];
      });
    const recent = hits.filter((h) => h.fact.date && isWithin(h.fact.date, asOf, block.within));
    if (recent.length > 0) {
      return outcome(
        'met',
        `${block.label} within ${describeDuration(block.within)}: ${recent.map((h) => h.description).join('; ')}`,
        recent.map((h) => h.fact.ref),
      );
    }
    const undated = hits.filter((h) => !h.fact.date);
    if (undated.length > 0) {
      return outcome(
        'unknown',
        `${block.label} with no date: ${undated.map((h) => h.description).join('; ')}`,
        undated.map((h) => h.fact.ref),
      );
    }
    return outcome('not_met', `no ${block.label} within ${describeDuration(block.within)}`);
  },
  render(block) {
    return `${block.label} (value set: ${block.vaccineSet}) within ${describeDuration(block.within)}`;
  },
};

export const allergy: BlockDefinition<AllergyBlock> = {
  evaluate(block, env) {
    const hits = allergiesTo(env, block.substanceSet);
    if (hits.length === 0) return outcome('not_met', `no ${block.label} recorded`);
    if (!block.reactionSet) {
      return outcome(
        'met',
        `${block.label}: ${hits.map((h) => h.description).join('; ')}`,
        hits.map((h) => h.fact.ref),
      );
    }
    const reactions = valueSet(env, block.reactionSet);
    const qualifying = hits.filter((h) =>
      h.fact.reactions.some((r) => reactions.match(r.manifestations, r.manifestationText) !== undefined),
    );
    if (qualifying.length > 0) {
      return outcome(
        'met',
        `${block.label}: ${qualifying.map((h) => h.description).join('; ')}`,
        qualifying.map((h) => h.fact.ref),
      );
    }
    const unrecorded = hits.filter((h) => h.fact.reactions.length === 0);
    if (unrecorded.length > 0) {
      return outcome(
        'needs_review',
        `${unrecorded.map((h) => h.description).join('; ')}: reaction not recorded — was it ${reactions.valueSet.title.toLowerCase()}?`,
        unrecorded.map((h) => h.fact.ref),
      );
    }
    const other = hits.map(
      (h) =>
        `${h.description} (reaction: ${h.fact.reactions.flatMap((r) => r.manifestationText.concat(r.manifestations.map((m) => m.display ?? m.code))).join(', ')})`,
    );
    return outcome(
      'not_met',
      `no ${block.label} recorded; other reactions: ${other.join('; ')}`,
      hits.map((h) => h.fact.ref),
    );
  },
  render(block) {
    const reaction = block.reactionSet ? ` with a reaction in ${block.reactionSet}` : '';
    return `${block.label} (value sets: ${block.substanceSet.join(', ')})${reaction}`;
  },
};
