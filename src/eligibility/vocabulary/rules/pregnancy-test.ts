/**
 * I23 (registry: "Negative pregnancy test done ≤ 14 days prior to randomization … If the urine test
 * is positive or cannot be confirmed as negative, a serum pregnancy test will be required"):
 * the newest test decides; a urine test that is not negative needs a later (or same-day) negative serum test.
 */
import { labName, requireLab } from '../../evidence/labs.ts';
import { latestQualitative, type QualitativeReading } from '../../evidence/qualitative.ts';
import { describeDuration } from '../../evidence/time.ts';
import { type Outcome, outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { PregnancyTestBlock } from '../rule-schema.ts';

function describe(reading: QualitativeReading, name: string): string {
  return `${name} ${reading.result} (${reading.text}) on ${reading.date}`;
}

export const pregnancyTest: BlockDefinition<PregnancyTestBlock> = {
  evaluate(block, env) {
    const urineName = labName(requireLab(env, block.urineLab));
    const serumName = labName(requireLab(env, block.serumLab));
    const urine = latestQualitative(env, block.urineLab, block.within);
    const serum = latestQualitative(env, block.serumLab, block.within);
    const u = urine.ok ? urine.reading : undefined;
    const s = serum.ok ? serum.reading : undefined;
    // Tests dated after T0 (and unreadable ones) are not used, and the reason names them (docs/decisions/0002).
    const notes = [...urine.notes, ...serum.notes];
    const noted = (result: Outcome): Outcome =>
      notes.length === 0 ? result : { ...result, reason: `${result.reason} (${notes.join('; ')})` };
    // A positive serum test is not cleared by a later urine test (less sensitive): only a newer serum test can.
    if (s?.result === 'positive') {
      const later = u && u.date > s.date ? `; the later ${describe(u, urineName)} does not clear it` : '';
      return noted(
        outcome('not_met', `${describe(s, serumName)}${later}`, [
          s.observation.ref,
          ...(later && u ? [u.observation.ref] : []),
        ]),
      );
    }
    if (s && (!u || s.date >= u.date)) {
      const text = describe(s, serumName);
      const evidence = [s.observation.ref];
      if (s.result === 'negative') return noted(outcome('met', text, evidence));
      return noted(outcome('unknown', `${text}: not negative, repeat required`, evidence));
    }
    if (u) {
      const text = describe(u, urineName);
      if (u.result === 'negative') return noted(outcome('met', text, [u.observation.ref]));
      return noted(
        outcome(
          'unknown',
          `${text}: a negative ${serumName} on or after ${u.date}, within ${describeDuration(block.within)} of T0, is required`,
          [u.observation.ref, ...(s ? [s.observation.ref] : [])],
        ),
      );
    }
    return noted(outcome('unknown', `no pregnancy test within ${describeDuration(block.within)} before T0`));
  },
  render(block) {
    return `negative ${block.urineLab} within ${describeDuration(block.within)}, or, when it is positive or indeterminate, a negative ${block.serumLab} after it`;
  },
};
