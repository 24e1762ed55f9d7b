/**
 * The medication block: exposure to a drug class, ever or within a window, with the protocol's
 * qualifiers (washout in half-lives, setting exceptions, prophylaxis, therapeutic dose).
 */
import { addDays } from '../../clinical/index.ts';
import type { Env } from '../env.ts';
import {
  activeAt,
  type Exposure,
  exposuresOf,
  isProphylactic,
  overlaps,
  statesTherapeuticUse,
  therapySetting,
} from '../evidence/medications.ts';
import { describeDuration, durationInDays, windowStart } from '../evidence/time.ts';
import { formatNumber } from '../format.ts';
import { type Outcome, outcome } from '../status.ts';
import type { BlockDefinition } from './definition.ts';
import type { MedicationBlock } from './schema.ts';

type Verdict =
  | { counts: true }
  /** `why`: a stated reason the reader should see (e.g. prophylaxis); absent for plain non-matches. */
  | { counts: false; why?: string }
  | { counts: 'unknown' | 'review'; why: string };

const PROPHYLAXIS: Verdict = { counts: false, why: 'stated as prophylaxis, not counted' };

/** The look-back window for this exposure: `within`, or `halfLives` elimination half-lives when longer (E15). */
function lookBackStart(
  env: Env,
  block: MedicationBlock,
  exposure: Exposure,
): { from: string; text: string } | undefined {
  if (!block.within) return undefined;
  const { asOf } = env.context;
  const base = windowStart(asOf, block.within);
  const halfLife = exposure.member.halfLifeHours;
  if (block.halfLives && halfLife) {
    // Windows count whole calendar days back from T0 ("T0 − N ≤ d", criteria catalog Conventions): a
    // last dose d is within the washout when T0 − d ≤ halfLives × t½, i.e. T0 − d ≤ floor(that many days).
    // Rounding up would count a dose taken more than 5 half-lives before T0 (E15: 5 × 160 h = 33.3 days).
    const exactDays = (block.halfLives * halfLife) / 24;
    const days = Math.floor(exactDays);
    const baseDays = durationInDays(block.within) ?? 0;
    if (days > baseDays) {
      return {
        from: addDays(asOf, -days),
        text: `${block.halfLives} half-lives of ${formatNumber(halfLife)} h = ${formatNumber(Math.round(exactDays * 10) / 10)} days`,
      };
    }
  }
  return { from: base, text: describeDuration(block.within) };
}

function judge(env: Env, block: MedicationBlock, exposure: Exposure): Verdict {
  const { asOf } = env.context;
  const window = lookBackStart(env, block, exposure);
  const inWindow = window ? overlaps(exposure, window.from, asOf) : !exposure.planned;
  if (inWindow === false) return { counts: false };
  const open: Verdict[] = [];
  if (inWindow === undefined) {
    open.push({
      counts: 'unknown',
      why: `end date not recorded, so use within ${window?.text} cannot be ruled out`,
    });
  }
  if (block.activeAtIndex) {
    const active = activeAt(exposure, asOf);
    if (active === false) return { counts: false };
    if (active === undefined)
      open.push({ counts: 'unknown', why: 'whether it continues at T0 is not recorded' });
  }
  if (block.startedAtLeast) {
    const latestStart = windowStart(asOf, block.startedAtLeast);
    if (!exposure.start) open.push({ counts: 'unknown', why: 'start date not recorded' });
    else if (exposure.start > latestStart) return { counts: false };
  }
  if (block.exceptSettings) {
    const setting = therapySetting(exposure.fact);
    if (setting && block.exceptSettings.settings.includes(setting)) {
      const endedBy = windowStart(asOf, block.exceptSettings.endedAtLeast);
      if (exposure.end && exposure.end <= endedBy) return { counts: false };
      if (!exposure.end && !exposure.ongoing) {
        open.push({
          counts: 'unknown',
          why: `${setting} use; end date not recorded (allowed if completed ≥ ${describeDuration(block.exceptSettings.endedAtLeast)} before T0)`,
        });
      }
    }
  }
  if (block.exceptProphylaxis && isProphylactic(exposure.fact)) return PROPHYLAXIS;
  if (block.therapeuticOnly && exposure.member.anticoagulation !== 'always-therapeutic') {
    // A dose-dependent anticoagulant recorded as prophylaxis ("DVT prophylaxis") is not therapeutic.
    if (isProphylactic(exposure.fact)) return PROPHYLAXIS;
    if (!statesTherapeuticUse(exposure.fact)) {
      const note = exposure.member.therapeuticDoseNote ? ` (${exposure.member.therapeuticDoseNote})` : '';
      open.push({
        counts: 'review',
        why: `anticoagulant whose dose decides whether it is therapeutic${note}`,
      });
    }
  }
  return open.find((v) => v.counts === 'unknown') ?? open[0] ?? { counts: true };
}

export const medication: BlockDefinition<MedicationBlock> = {
  evaluate(block, env): Outcome {
    const except = new Set(block.exceptIngredients);
    const exposures = exposuresOf(env, block.drugClass).filter((e) => !except.has(e.member.name));
    const counting: Exposure[] = [];
    const open: Array<{ exposure: Exposure; status: 'unknown' | 'review'; why: string }> = [];
    const setAside: string[] = [];
    for (const exposure of exposures) {
      const verdict = judge(env, block, exposure);
      if (verdict.counts === true) counting.push(exposure);
      else if (verdict.counts !== false) open.push({ exposure, status: verdict.counts, why: verdict.why });
      else if (verdict.why) setAside.push(`${exposure.description}: ${verdict.why}`);
    }
    const scope = block.within ? ` within ${describeDuration(block.within)}` : '';
    // When half-lives widen the window (E15), say so: "within 4 weeks" would misstate a dose 30 days ago.
    const counted = (e: Exposure) => {
      const window = lookBackStart(env, block, e);
      return window && block.within && window.text !== describeDuration(block.within)
        ? `${e.description} (within ${window.text})`
        : e.description;
    };
    if (counting.length > 0) {
      const reason = `${block.label}${scope}: ${counting.map(counted).join('; ')}`;
      const evidence = counting.map((e) => e.ref);
      return outcome(
        block.reviewOnMatch ? 'needs_review' : 'met',
        block.reviewOnMatch ? `${reason} — ${block.reviewOnMatch}` : reason,
        evidence,
      );
    }
    if (open.length > 0) {
      const status = open.some((o) => o.status === 'unknown') ? 'unknown' : 'needs_review';
      const reason = open.map((o) => `${o.exposure.description}: ${o.why}`).join('; ');
      return outcome(
        status,
        `${block.label}${scope}? ${reason}`,
        open.map((o) => o.exposure.ref),
      );
    }
    const ignored = [
      ...(block.exceptIngredients.length ? [`${block.exceptIngredients.join(', ')} not counted`] : []),
      ...setAside,
    ];
    return outcome(
      'not_met',
      `no ${block.label}${scope} recorded${ignored.length ? ` (${ignored.join('; ')})` : ''}`,
    );
  },
  render(block) {
    const parts = [block.within ? `within ${describeDuration(block.within)}` : 'at any time before T0'];
    if (block.halfLives) parts.push(`or ${block.halfLives} half-lives if longer`);
    if (block.activeAtIndex) parts.push('still taken at T0');
    if (block.startedAtLeast)
      parts.push(`started at least ${describeDuration(block.startedAtLeast)} before T0`);
    if (block.exceptIngredients.length) parts.push(`not counting ${block.exceptIngredients.join(', ')}`);
    if (block.exceptSettings) {
      parts.push(
        `not counting ${block.exceptSettings.settings.join('/')} use completed ≥ ${describeDuration(block.exceptSettings.endedAtLeast)} before T0`,
      );
    }
    if (block.exceptProphylaxis) parts.push('not counting prophylaxis');
    if (block.therapeuticOnly) parts.push('at therapeutic dose');
    return `${block.label} (drug classes: ${block.drugClass.join(', ')}), ${parts.join(', ')}`;
  },
};
