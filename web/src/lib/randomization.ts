/**
 * The randomization dialog's preconditions as a checklist: the server's eligibility blockers
 * (src/store/signatures.ts `eligibilityState`) sorted into the three standing checks — an eligible
 * result, signed, as of today — plus anything else it reports, and one check per stratification factor.
 * The server re-checks all of them when randomizing; this list only shows what it will say.
 */
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
  matches: (blocker: string) => boolean;
}

const STANDING: readonly StandingCheck[] = [
  {
    id: 'eligible',
    label: 'Screening result is eligible',
    matches: (b) => b === 'not screened' || b.startsWith('screening result is'),
  },
  {
    id: 'signed',
    label: 'Result signed by an investigator',
    matches: (b) => b.includes('not signed by an investigator') || b.includes('signature does not match'),
  },
  { id: 'today', label: 'Result is as of today', matches: (b) => b.includes('not today') },
];

export interface FactorSpec {
  id: string;
  label: string;
  levels: readonly string[];
}

export function randomizationPreconditions(
  blockers: readonly string[],
  factors: readonly FactorSpec[],
  values: Readonly<Record<string, string>>,
): Precondition[] {
  const checks: Precondition[] = STANDING.map((check) => {
    const found = blockers.filter(check.matches);
    return found.length
      ? { id: check.id, label: check.label, met: false, detail: found.join('; ') }
      : { id: check.id, label: check.label, met: true };
  });
  const other = blockers.filter((b) => !STANDING.some((check) => check.matches(b)));
  other.forEach((b, i) => {
    checks.push({ id: `other-${i}`, label: b, met: false, detail: b });
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
export function describeStratum(stratum: string, factors: readonly FactorSpec[]): string {
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
