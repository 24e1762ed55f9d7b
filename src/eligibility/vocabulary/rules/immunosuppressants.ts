/**
 * E17 (registry: "Treatment with systemic immunosuppressive medication … ≤ 2 weeks prior to
 * randomization … with the following exceptions: Subjects who received acute, low-dose systemic
 * immunosuppressant medication or a one-time pulse dose of systemic immunosuppressant medication (e.g.,
 * 48 hours of corticosteroids for a contrast allergy) are eligible; Subjects who received
 * mineralocorticoids (e.g., fludrocortisone), corticosteroids for chronic obstructive pulmonary disease
 * (COPD) or asthma, or low-dose corticosteroids for orthostatic hypotension or adrenal insufficiency are
 * eligible"): proposition "systemic immunosuppressant use within the window that no exception covers".
 * Mineralocorticoids are not in the class file at all; non-systemic routes (inhaled, topical…) do not count.
 * A corticosteroid's indication is read from the record's reason codes and texts (and notes) through the
 * exceptions' value sets — by code, else by whole-term name. A corticosteroid whose record states no
 * indication may be one of the exceptions: it needs review naming them, never excludes outright
 * (criteria catalog E17: "exceptions by indication; ambiguous → needs_review").
 */
import { daysBetween } from '../../../clinical/index.ts';
import type { Env } from '../../env.ts';
import { type Exposure, exposuresOf, isLocalUse, overlaps } from '../../evidence/medications.ts';
import { valueSet } from '../../evidence/records.ts';
import { describeDuration, windowStart } from '../../evidence/time.ts';
import { formatNumber } from '../../format.ts';
import { type Outcome, outcome } from '../../status.ts';
import { describeMatch } from '../../terminology.ts';
import type { BlockDefinition } from '../definition.ts';
import type { ImmunosuppressantUseBlock } from '../rule-schema.ts';

type Indication = ImmunosuppressantUseBlock['allowedIndications'][number];

/** The first of the indications the record names (reason codes first, then reason texts and notes). */
function indicationIn(
  env: Env,
  indications: readonly Indication[],
  exposure: Exposure,
): { label: string; how: string } | undefined {
  const { reasons, reasonText, notes } = exposure.fact;
  for (const indication of indications) {
    const match = valueSet(env, indication.valueSet).match(reasons, [...reasonText, ...notes]);
    if (match) return { label: indication.label, how: describeMatch(match) };
  }
  return undefined;
}

/** Whether the record states an indication at all (a reason code or text; notes are not a stated reason). */
function statesIndication(exposure: Exposure): boolean {
  const { reasons, reasonText } = exposure.fact;
  return reasons.length > 0 || reasonText.some((t) => t.trim().length > 0);
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
  env: Env,
  block: ImmunosuppressantUseBlock,
  exposure: Exposure,
  from: string,
  to: string,
): Verdict | undefined {
  const inWindow = overlaps(exposure, from, to);
  if (inWindow === false) return undefined;
  const verdict = judgeUse(env, block, exposure);
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

const orList = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}` : (items[0] ?? '');

/**
 * A systemic corticosteroid whose record states no indication: the registry's indication exceptions
 * cannot be ruled out from the data, so a person must (criteria catalog E17: ambiguous → needs_review).
 * The dose, when recorded, rules out the low-dose exceptions above the ceiling.
 */
function undecidedIndication(block: ImmunosuppressantUseBlock, exposure: Exposure): Verdict {
  const mg = prednisoneMgPerDay(exposure);
  const max = block.lowDoseMaxPrednisoneMg;
  const anyDose = orList(block.allowedIndications.map((i) => i.label));
  const lowDose = orList(block.lowDoseIndications.map((i) => i.label));
  const dose = mg === undefined ? 'dose not recorded' : `${formatNumber(mg)} mg/day prednisone-equivalent`;
  const open = [
    ...(anyDose ? [`corticosteroids for ${anyDose}`] : []),
    ...(lowDose && (mg === undefined || mg <= max)
      ? [`low-dose corticosteroids (≤ ${max} mg/day prednisone-equivalent) for ${lowDose}`]
      : []),
  ];
  if (open.length === 0) return { kind: 'counts', why: 'systemic use' };
  const ruledOut =
    lowDose && mg !== undefined && mg > max
      ? `; above ${max} mg/day the ${lowDose} exception does not apply`
      : '';
  return {
    kind: 'review',
    why: `indication not recorded (${dose}) — a person must rule out the registry's exceptions: ${open.join('; ')}${ruledOut}`,
  };
}

/** What the use is, assuming it falls within the window. */
function judgeUse(env: Env, block: ImmunosuppressantUseBlock, exposure: Exposure): Verdict {
  if (isLocalUse(exposure.fact)) return { kind: 'allowed', why: 'not systemic (route)' };
  const corticosteroid =
    exposure.member.corticosteroid === true || exposure.member.prednisoneEquivalent !== undefined;
  if (corticosteroid) {
    const anyDose = indicationIn(env, block.allowedIndications, exposure);
    if (anyDose) return { kind: 'allowed', why: `corticosteroid for ${anyDose.label} (${anyDose.how})` };
    const lowDose = indicationIn(env, block.lowDoseIndications, exposure);
    if (lowDose) {
      const mg = prednisoneMgPerDay(exposure);
      if (mg === undefined) {
        return {
          kind: 'review',
          why: `for ${lowDose.label}: allowed only at low dose, dose not recorded (${lowDose.how})`,
        };
      }
      if (mg <= block.lowDoseMaxPrednisoneMg) {
        return {
          kind: 'allowed',
          why: `low dose (${formatNumber(mg)} mg/day prednisone-equivalent) for ${lowDose.label} (${lowDose.how})`,
        };
      }
      return {
        kind: 'counts',
        why: `${formatNumber(mg)} mg/day prednisone-equivalent for ${lowDose.label} is above ${block.lowDoseMaxPrednisoneMg} mg/day (${lowDose.how})`,
      };
    }
  }
  if (exposure.start && exposure.end && daysBetween(exposure.start, exposure.end) + 1 <= block.pulseMaxDays) {
    return {
      kind: 'allowed',
      why: `acute course of ${daysBetween(exposure.start, exposure.end) + 1} day(s)`,
    };
  }
  if (corticosteroid && !statesIndication(exposure)) return undecidedIndication(block, exposure);
  return { kind: 'counts', why: 'systemic use' };
}

export const immunosuppressantUse: BlockDefinition<ImmunosuppressantUseBlock> = {
  evaluate(block, env): Outcome {
    const { asOf } = env.context;
    const from = windowStart(asOf, block.within);
    const judged = exposuresOf(env, block.drugClass).flatMap((exposure) => {
      const verdict = judge(env, block, exposure, from, asOf);
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
    const labels = (list: readonly Indication[]) => list.map((i) => `${i.label} (${i.valueSet})`).join('/');
    return `systemic immunosuppressant (${block.drugClass}) within ${describeDuration(block.within)}, except courses ≤ ${block.pulseMaxDays} days, corticosteroids for ${labels(block.allowedIndications)}, and ≤ ${block.lowDoseMaxPrednisoneMg} mg/day prednisone-equivalent for ${labels(block.lowDoseIndications)}; a corticosteroid with no recorded indication needs review`;
  },
};
