/**
 * The four results of a criterion (criteria catalog, "Conventions") and how parts combine.
 * Unknown is a value: missing evidence never turns into `not_met` or `met` by accident.
 */

export type Status = 'met' | 'not_met' | 'unknown' | 'needs_review';

/** What evaluating a block or a criterion says: the status, why, and which resources decided it. */
export interface Outcome {
  status: Status;
  reason: string;
  /** `ResourceType/id` references that support the reason. */
  evidence: string[];
  /** The requirement does not apply to this patient (another site, another planned drug…). */
  notApplicable?: boolean;
}

export function outcome(status: Status, reason: string, evidence: readonly string[] = []): Outcome {
  return { status, reason, evidence: [...evidence] };
}

/** The outcome with notes (values ignored and why) added to its reason in parentheses. */
export function withNotes(result: Outcome, notes: readonly string[]): Outcome {
  return notes.length === 0 ? result : { ...result, reason: `${result.reason} (${notes.join('; ')})` };
}

/** The parts' reasons in order, each once (two parts reading the same missing lab say it once). */
function joinReasons(parts: readonly Outcome[]): string {
  let text = '';
  for (let i = 0; i < parts.length; i++) {
    const reason = (parts[i] as Outcome).reason;
    if (reason.length === 0 || saidBefore(parts, i, reason)) continue;
    text = text.length === 0 ? reason : `${text}; ${reason}`;
  }
  return text;
}

/** Whether a part before `end` has this reason (lists are a few parts long: no set to allocate). */
function saidBefore(parts: readonly Outcome[], end: number, reason: string): boolean {
  for (let j = 0; j < end; j++) if ((parts[j] as Outcome).reason === reason) return true;
  return false;
}

function unionEvidence(parts: readonly Outcome[]): string[] {
  const refs: string[] = [];
  for (const part of parts) for (const ref of part.evidence) if (!refs.includes(ref)) refs.push(ref);
  return refs;
}

function withStatus(parts: readonly Outcome[], ...statuses: Status[]): Outcome[] {
  return parts.filter((p) => statuses.includes(p.status));
}

/**
 * Conjunction. Any not_met decides; otherwise missing data (unknown) outranks a pending
 * confirmation (needs_review), and the reason lists everything still open.
 */
export function allOf(parts: readonly Outcome[]): Outcome {
  const failing = withStatus(parts, 'not_met');
  if (failing.length > 0) return outcome('not_met', joinReasons(failing), unionEvidence(failing));
  const open = withStatus(parts, 'unknown', 'needs_review');
  if (open.length > 0) {
    const status = open.some((p) => p.status === 'unknown') ? 'unknown' : 'needs_review';
    return outcome(status, joinReasons(open), unionEvidence(open));
  }
  return outcome('met', joinReasons(parts), unionEvidence(parts));
}

/**
 * Disjunction. Any met decides; otherwise a part a person could confirm (needs_review) is the
 * closest way to meeting it, then missing data; the reason lists every alternative.
 */
export function anyOf(parts: readonly Outcome[]): Outcome {
  const passing = withStatus(parts, 'met');
  if (passing.length > 0) return outcome('met', joinReasons(passing), unionEvidence(passing));
  const status: Status = parts.some((p) => p.status === 'needs_review')
    ? 'needs_review'
    : parts.some((p) => p.status === 'unknown')
      ? 'unknown'
      : 'not_met';
  return outcome(status, joinReasons(parts), unionEvidence(parts));
}

/** Negation: swaps met and not_met; open results stay open. */
export function negate(part: Outcome): Outcome {
  const flipped: Record<Status, Status> = {
    met: 'not_met',
    not_met: 'met',
    unknown: 'unknown',
    needs_review: 'needs_review',
  };
  return outcome(flipped[part.status], part.reason, part.evidence);
}

/** Order used to report the worst of several results (overall rule and summaries). */
export const STATUS_SEVERITY: Record<Status, number> = { met: 0, needs_review: 1, unknown: 2, not_met: 3 };
