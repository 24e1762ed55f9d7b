/**
 * screenPatient: decides every criterion of the protocol for one patient as of T0, says why, and
 * combines them by the catalog's overall rule. Pure: no clock, no I/O, never throws on well-typed
 * facts (an evaluator bug becomes an `unknown` result naming the error, so a batch always finishes).
 */
import type { Criterion, ScreeningContext, ScreeningProtocol, ScreeningSite } from './context.ts';
import { type Env, type FactIndex, indexFacts } from './env.ts';
import { laterRecordsNote } from './later-records.ts';
import type { PatientFacts } from './patient-facts.ts';
import { type Outcome, outcome, type Status } from './status.ts';
import type { Block } from './vocabulary/block.ts';
import { answeredBy, ignoredNote } from './vocabulary/questionnaire.ts';
import { evaluateBlock } from './vocabulary/table.ts';

export type CriterionType = 'inclusion' | 'exclusion';
export type Overall = 'eligible' | 'ineligible' | 'incomplete';

/** One criterion's result: the contract of `trialkit screen --format json`. */
export interface CriterionResult {
  id: string;
  type: CriterionType;
  status: Status;
  reason: string;
  evidence: string[];
}

export interface ScreeningResult {
  patientId: string;
  overall: Overall;
  criteria: CriterionResult[];
  /** Data-quality notes (from intake and from screening) that did not decide a criterion by themselves. */
  warnings: string[];
}

/** Catalog: ineligible if any criterion is not_met; else eligible if all are met; else incomplete. */
export function overallOf(statuses: readonly Status[]): Overall {
  if (statuses.includes('not_met')) return 'ineligible';
  return statuses.every((s) => s === 'met') ? 'eligible' : 'incomplete';
}

/**
 * A person's confirmation (questionnaire item named after the criterion) settles what the data
 * leaves to judgement, and a "no" always stands; it never overrides data that shows the criterion
 * fails, nor replaces missing data (docs/decisions/0001-attestations-and-data.md).
 */
function applyConfirmation(criterion: Criterion, result: Outcome, env: Env): Outcome {
  const answer = env.index.answers.get(criterion.id)?.answer;
  if (answer?.value.kind !== 'boolean') {
    // An answer authored after T0 is not used; say so when it would have spoken to this criterion.
    const ignored = criterion.attestation ? ignoredNote(env, criterion.id) : '';
    return ignored && !result.reason.includes(ignored)
      ? { ...result, reason: `${result.reason}${ignored}` }
      : result;
  }
  const by = answeredBy(answer);
  const evidence = [...new Set([...result.evidence, answer.ref])];
  if (!criterion.attestation) {
    return {
      ...result,
      reason: `${result.reason}; questionnaire answer ${criterion.id}${by} ignored: decided from data only`,
    };
  }
  if (result.notApplicable) {
    return { ...result, reason: `${result.reason}; the answer${by} is not needed here` };
  }
  const yes = answer.value.value;
  switch (result.status) {
    case 'needs_review':
      return yes
        ? outcome('met', `confirmed${by}: ${criterion.attestation.prompt} (${result.reason})`, evidence)
        : outcome(
            'not_met',
            `answered no${by}: ${criterion.attestation.prompt} (${result.reason})`,
            evidence,
          );
    case 'met':
      return yes
        ? result
        : outcome(
            'not_met',
            `answered no${by}: ${criterion.attestation.prompt} (data alone: ${result.reason})`,
            evidence,
          );
    case 'not_met':
      return yes
        ? { ...result, reason: `${result.reason}; the confirmation${by} does not override the data` }
        : result;
    case 'unknown':
      return yes
        ? { ...result, reason: `${result.reason}; the confirmation${by} does not replace missing data` }
        : outcome(
            'not_met',
            `answered no${by}: ${criterion.attestation.prompt} (data alone: ${result.reason})`,
            evidence,
          );
  }
}

function unique(refs: string[]): string[] {
  if (refs.length < 2) return refs;
  const out: string[] = [];
  for (const ref of refs) if (!out.includes(ref)) out.push(ref);
  return out;
}

class Evaluation implements Env {
  constructor(
    readonly protocol: ScreeningProtocol,
    readonly context: ScreeningContext,
    readonly facts: PatientFacts,
    readonly index: FactIndex,
    readonly site: ScreeningSite | undefined,
    public criterion: Criterion,
  ) {}

  evaluate(block: Block): Outcome {
    return evaluateBlock(block, this);
  }
}

function decide(criterion: Criterion, env: Env): Outcome {
  try {
    return applyConfirmation(criterion, evaluateBlock(criterion.rule, env), env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return outcome('unknown', `internal error while deciding ${criterion.id}: ${message}`);
  }
}

export function screenPatient(
  protocol: ScreeningProtocol,
  facts: PatientFacts,
  context: ScreeningContext,
): ScreeningResult {
  const warnings = [...facts.warnings];
  const site = protocol.sites.find((s) => s.id === context.siteId);
  let effective = context;
  if (context.siteId && !site) {
    warnings.push(
      `unknown site ID "${context.siteId}": site-dependent criteria are decided as if no site were given`,
    );
    const { siteId: _unknown, ...rest } = context;
    effective = rest;
  }
  const later = laterRecordsNote(facts, effective.asOf);
  if (later) warnings.push(later);
  const index = indexFacts(facts, effective.asOf, protocol.terminology.labsByLoinc);
  // One environment per patient; evaluation is synchronous, so the criterion being decided is swapped in turn.
  const env = new Evaluation(protocol, effective, facts, index, site, protocol.criteria[0] as Criterion);
  const criteria = protocol.criteria.map((criterion): CriterionResult => {
    env.criterion = criterion;
    const { status, reason, evidence } = decide(criterion, env);
    return { id: criterion.id, type: criterion.type, status, reason, evidence: unique(evidence) };
  });
  return {
    patientId: facts.patientId,
    overall: overallOf(criteria.map((c) => c.status)),
    criteria,
    warnings,
  };
}
