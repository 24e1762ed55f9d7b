/**
 * E02 (registry: "Major surgery ≤ 4 weeks prior to randomization; Minor surgery ≤ 7 days prior to
 * randomization (e.g., simple excision, tooth extraction, insertion of central lines/Mediport).
 * Subjects with clinically relevant complications from prior surgery are not eligible"):
 * proposition "recent surgery or a complication of surgery stands in the way".
 * A surgical procedure of unknown class counts within the minor-surgery window either way, and
 * needs a person to say whether it was major when it falls between the two windows. A surgery with
 * no date makes the result unknown (docs/decisions/0002-dates-and-windows.md).
 */
import {
  conditionsIn,
  describeProcedureDate,
  type ProcedureHit,
  procedureDateAsOf,
  proceduresIn,
} from '../../evidence/records.ts';
import { describeDuration, isWithin } from '../../evidence/time.ts';
import { SYSTEMS } from '../../patient-facts.ts';
import { outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { RecentSurgeryBlock } from '../rule-schema.ts';

/** FHIR Procedure.category example code for a surgical procedure (SNOMED CT 387713003). */
const SURGICAL_CATEGORY = '387713003';

const list = (hits: readonly ProcedureHit[]) => hits.map((h) => h.description).join('; ');
const refs = (hits: readonly ProcedureHit[]) => hits.map((h) => h.fact.ref);

export const recentSurgery: BlockDefinition<RecentSurgeryBlock> = {
  evaluate(block, env) {
    const { asOf } = env.context;
    const dated = (within: RecentSurgeryBlock['majorWithin']) => (h: ProcedureHit) =>
      h.date !== undefined && isWithin(h.date, asOf, within);
    const major = proceduresIn(env, [block.majorSet]).filter(dated(block.majorWithin));
    if (major.length > 0) {
      return outcome(
        'met',
        `major surgery within ${describeDuration(block.majorWithin)}: ${list(major)}`,
        refs(major),
      );
    }
    const minor = proceduresIn(env, [block.minorSet]).filter(dated(block.minorWithin));
    if (minor.length > 0) {
      return outcome(
        'met',
        `minor surgery within ${describeDuration(block.minorWithin)}: ${list(minor)}`,
        refs(minor),
      );
    }
    const classifiedHits = proceduresIn(env, [block.majorSet, block.minorSet]);
    const classified = new Set(classifiedHits.map((h) => h.fact));
    const surgical: ProcedureHit[] = env.facts.procedures
      .filter(
        (p) =>
          !classified.has(p) &&
          p.categories.some((c) => c.system === SYSTEMS.snomed && c.code === SURGICAL_CATEGORY),
      )
      .flatMap((p) => {
        const date = procedureDateAsOf(p, asOf);
        if (date === null) return [];
        return [
          {
            fact: p,
            setId: 'surgical-procedure',
            match: { by: 'code', code: { system: SYSTEMS.snomed, code: SURGICAL_CATEGORY } },
            ...(date ? { date } : {}),
            description: `${p.text ?? p.codes[0]?.display ?? 'surgical procedure'} (category: surgical procedure), ${describeProcedureDate(p, asOf)} [${p.ref}]`,
          } satisfies ProcedureHit,
        ];
      });
    const unclassified = surgical.filter(dated(block.majorWithin));
    const veryRecent = unclassified.filter(dated(block.minorWithin));
    if (veryRecent.length > 0) {
      return outcome(
        'met',
        `surgery within ${describeDuration(block.minorWithin)}: ${list(veryRecent)}`,
        refs(veryRecent),
      );
    }
    // docs/decisions/0002: an undated procedure cannot be placed outside a window, so the criterion
    // stays open (unknown) until the site records the date.
    const undated = [...classifiedHits, ...surgical].filter((h) => h.date === undefined);
    if (undated.length > 0) {
      const windows = `major surgery counts within ${describeDuration(block.majorWithin)}, minor within ${describeDuration(block.minorWithin)}`;
      return outcome(
        'unknown',
        `surgery with no date recorded (${windows}): ${list(undated)}`,
        refs(undated),
      );
    }
    if (unclassified.length > 0) {
      return outcome(
        'needs_review',
        `surgery within ${describeDuration(block.majorWithin)} not classified as major or minor: ${list(unclassified)} — major surgery in this window excludes`,
        refs(unclassified),
      );
    }
    const complications = conditionsIn(env, [block.complicationSet]).filter((h) => h.activeAtIndex);
    if (complications.length > 0) {
      return outcome(
        'needs_review',
        `complication of prior surgery recorded: ${complications.map((h) => h.description).join('; ')} — clinically relevant?`,
        complications.map((h) => h.fact.ref),
      );
    }
    return outcome(
      'not_met',
      `no major surgery within ${describeDuration(block.majorWithin)}, no minor surgery within ${describeDuration(block.minorWithin)} and no active surgical complication recorded`,
    );
  },
  render(block) {
    return `major surgery (${block.majorSet}) within ${describeDuration(block.majorWithin)}, minor surgery (${block.minorSet}) within ${describeDuration(block.minorWithin)}, or an active complication of surgery (${block.complicationSet})`;
  },
};
