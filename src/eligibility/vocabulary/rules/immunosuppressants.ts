/**
 * E17 (registry: "Treatment with systemic immunosuppressive medication … ≤ 2 weeks prior to
 * randomization … with the following exceptions: acute, low-dose … or a one-time pulse dose (e.g.
 * 48 hours of corticosteroids for a contrast allergy); mineralocorticoids; corticosteroids for COPD
 * or asthma; low-dose corticosteroids for orthostatic hypotension or adrenal insufficiency"):
 * proposition "systemic immunosuppressant use within the window that no exception covers".
 * Mineralocorticoids are not in the class file at all; non-systemic routes (inhaled, topical…) do not count.
 */
import { daysBetween } from '../../../clinical/index.ts';
import { type Exposure, exposuresOf, isLocalUse, overlaps } from '../../evidence/medications.ts';
import { describeDuration, windowStart } from '../../evidence/time.ts';
import { formatNumber } from '../../format.ts';
import { type Outcome, outcome } from '../../status.ts';
import type { BlockDefinition } from '../definition.ts';
import type { ImmunosuppressantUseBlock } from '../rule-schema.ts';

function indicationText(exposure: Exposure): string {
  return [
    ...exposure.fact.reasonText,
    ...exposure.fact.reasons.map((r) => r.display ?? ''),
    ...exposure.fact.notes,
  ]
    .join(' ')
    .toLowerCase();
}

/** Prednisone-equivalent mg per day, when the record gives a dose in mg. */
function prednisoneMgPerDay(exposure: Exposure): number | undefined {
  const { dose, timesPerDay } = exposure.fact;
  const factor = exposure.member.prednisoneEquivalent;
  if (!dose || !factor || dose.unit?.toLowerCase() !== 'mg' || !Number.isFinite(dose.value) || dose.value < 0)
    return undefined;
  return dose.value * (timesPerDay ?? 1) * factor;
}

type Verdict = { kind: 'counts' | 'unknown' | 'review' | 'allowed'; why: string };

function judge(
  block: ImmunosuppressantUseBlock,
  exposure: Exposure,
  from: string,
  to: string,
): Verdict | undefined {
  const inWindow = overlaps(exposure, from, to);
  if (inWindow === false) return undefined;
  const verdict = judgeUse(block, exposure);
  // A use that would count (or need review) but whose dates cannot place it inside the window is open:
  // the record needs its end date, not a judgement (docs/decisions/0003-medication-exposure.md).
  if (inWindow === undefined && verdict.kind !== 'allowed') {
    const why = verdict.kind === 'counts' && verdict.why !== 'systemic use' ? `${verdict.why}; ` : '';
    return {
      kind: 'unknown',
      why: `${why}end date not recorded, so use within the window cannot be ruled out`,
    };
  }
  return verdict;
}

/** What the use is, assuming it falls within the window. */
function judgeUse(block: ImmunosuppressantUseBlock, exposure: Exposure): Verdict {
  if (isLocalUse(exposure.fact)) return { kind: 'allowed', why: 'not systemic (route)' };
  const corticosteroid =
    exposure.member.corticosteroid === true || exposure.member.prednisoneEquivalent !== undefined;
  const indication = indicationText(exposure);
  if (corticosteroid && block.allowedIndications.some((i) => indication.includes(i))) {
    return {
      kind: 'allowed',
      why: `corticosteroid for ${block.allowedIndications.find((i) => indication.includes(i))}`,
    };
  }
  if (corticosteroid && block.lowDoseIndications.some((i) => indication.includes(i))) {
    const mg = prednisoneMgPerDay(exposure);
    const which = block.lowDoseIndications.find((i) => indication.includes(i));
    if (mg === undefined)
      return { kind: 'review', why: `for ${which}: allowed only at low dose, dose not recorded` };
    if (mg <= block.lowDoseMaxPrednisoneMg) {
      return {
        kind: 'allowed',
        why: `low dose (${formatNumber(mg)} mg/day prednisone-equivalent) for ${which}`,
      };
    }
    return {
      kind: 'counts',
      why: `${formatNumber(mg)} mg/day prednisone-equivalent for ${which} is above ${block.lowDoseMaxPrednisoneMg} mg/day`,
    };
  }
  if (exposure.start && exposure.end && daysBetween(exposure.start, exposure.end) + 1 <= block.pulseMaxDays) {
    return {
      kind: 'allowed',
      why: `acute course of ${daysBetween(exposure.start, exposure.end) + 1} day(s)`,
    };
  }
  return { kind: 'counts', why: 'systemic use' };
}

export const immunosuppressantUse: BlockDefinition<ImmunosuppressantUseBlock> = {
  evaluate(block, env): Outcome {
    const { asOf } = env.context;
    const from = windowStart(asOf, block.within);
    const judged = exposuresOf(env, block.drugClass).flatMap((exposure) => {
      const verdict = judge(block, exposure, from, asOf);
      return verdict ? [{ exposure, ...verdict }] : [];
    });
    const list = (kind: Verdict['kind']) => judged.filter((j) => j.kind === kind);
    const text = (items: typeof judged) => items.map((j) => `${j.exposure.description}: ${j.why}`).join('; ');
    const refs = (items: typeof judged) => items.map((j) => j.exposure.ref);
    const allowed = list('allowed');
    const allowedNote = allowed.length ? `; allowed: ${text(allowed)}` : '';
    const window = describeDuration(block.within);
    for (const [kind, status] of [
      ['counts', 'met'],
      ['unknown', 'unknown'],
      ['review', 'needs_review'],
    ] as const) {
      const items = list(kind);
      if (items.length > 0)
        return outcome(
          status,
          `systemic immunosuppressant within ${window}: ${text(items)}${allowedNote}`,
          refs(items),
        );
    }
    return outcome(
      'not_met',
      `no systemic immunosuppressant within ${window} recorded${allowedNote}`,
      refs(allowed),
    );
  },
  render(block) {
    return `systemic immunosuppressant (${block.drugClass}) within ${describeDuration(block.within)}, except courses ≤ ${block.pulseMaxDays} days, corticosteroids for ${block.allowedIndications.join('/')}, and ≤ ${block.lowDoseMaxPrednisoneMg} mg/day prednisone-equivalent for ${block.lowDoseIndications.join('/')}`;
  },
};
