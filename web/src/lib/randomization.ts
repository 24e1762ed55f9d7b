/**
 * The randomization dialog's preconditions as a checklist: the server's blockers (GET /api/subjects/:id
 * → eligibility.blockers, each `{ code, message }`) sorted by code into the standing checks — an
 * eligible result, signed, as of today, an allocation list, one randomization per person — plus any
 * code this page does not know, and one check per stratification factor. The server re-checks all of
 * them when randomizing; this list only shows what it will say, in its words.
 */
import type { Blocker, BlockerCode, StratificationFactor } from '../contracts.ts';

/** A blocker as the page reads it: the contract's, or one whose code a newer server added (listed as it is). */
export type ReportedBlocker = Omit<Blocker, 'code'> & { code: string };

export interface Precondition {
  id: string;
  label: string;
  met: boolean;
  /** The server's words when it is not met. */
  detail?: string;
}

interface StandingCheck {
  id: string;
  label: string;
  codes: readonly BlockerCode[];
}

const STANDING: readonly StandingCheck[] = [
  {
    id: 'eligible',
    label: 'Screening result is eligible',
    codes: ['not_screened', 'not_eligible', 'subject_status'],
  },
  { id: 'signed', label: 'Result signed by an investigator', codes: ['not_signed', 'signature_stale'] },
  { id: 'today', label: 'Result is as of today', codes: ['not_today'] },
  { id: 'list', label: 'The allocation list exists', codes: ['no_list'] },
  {
    id: 'one-person',
    label: 'No other subject of this person is randomized',
    codes: ['duplicate_randomized'],
  },
];

export function randomizationPreconditions(
  blockers: readonly ReportedBlocker[],
  factors: readonly StratificationFactor[],
  values: Readonly<Record<string, string>>,
): Precondition[] {
  const checks: Precondition[] = STANDING.map((check) => {
    const found = blockers.filter((b) => (check.codes as readonly string[]).includes(b.code));
    return found.length
      ? { id: check.id, label: check.label, met: false, detail: found.map((b) => b.message).join('; ') }
      : { id: check.id, label: check.label, met: true };
  });
  const other = blockers.filter(
    (b) => !STANDING.some((check) => (check.codes as readonly string[]).includes(b.code)),
  );
  other.forEach((b, i) => {
    checks.push({ id: `other-${i}`, label: b.message, met: false, detail: b.message });
  });
  for (const factor of factors) {
    const value = values[factor.id] ?? '';
    const met = factor.levels.includes(value);
    checks.push({
      id: `factor-${factor.id}`,
      label: `Stratification factor given: ${factor.label}`,
      met,
      ...(met ? {} : { detail: `choose one of ${factor.levels.join(', ')}` }),
    });
  }
  return checks;
}

export const allMet = (checks: readonly Precondition[]): boolean => checks.every((c) => c.met);

/**
 * The stratum key as the server writes it ("planned-mki=lenvatinib", factors joined by "|"; "all"
 * unstratified, "*" under minimization), for reading.
 */
export function describeStratum(stratum: string, factors: readonly StratificationFactor[]): string {
  if (stratum === 'all' || stratum === '*') return 'none (one stratum)';
  return stratum
    .split('|')
    .map((part) => {
      const [id, value] = part.split('=');
      const label = factors.find((f) => f.id === id)?.label ?? id;
      return `${label}: ${value ?? ''}`;
    })
    .join('; ');
}
