/** Lab blocks: a threshold, a multiple of the upper limit of normal, a qualitative result. */
import { ulnMultiple } from '../../clinical/index.ts';
import type { Env } from '../env.ts';
import {
  type LabReading,
  labName,
  latestQuantity,
  requireLab,
  unitLabel,
  upperLimitOfNormal,
} from '../evidence/labs.ts';
import { exposuresOf, overlaps } from '../evidence/medications.ts';
import { latestQualitative } from '../evidence/qualitative.ts';
import { describeDuration, windowStart } from '../evidence/time.ts';
import { COMPARATOR_TEXT, exactIfAmbiguous, formatNumber, OPPOSITE, satisfies } from '../format.ts';
import { type Outcome, outcome, withNotes } from '../status.ts';
import type { BlockDefinition, Renderer } from './definition.ts';
import type { LabResultBlock, LabThresholdBlock, UlnMultipleBlock } from './schema.ts';

function labCodes(renderer: Renderer, labId: string): string {
  const lab = renderer.terminology.labs.get(labId);
  return lab ? `${labName(lab)} (LOINC ${lab.loinc.join(', ')})` : labId;
}

/** "platelet count 68 ×10⁹/L on 2026-03-02 < 75 ×10⁹/L" */
function thresholdOutcome(env: Env, block: LabThresholdBlock, reading: LabReading): Outcome {
  const lab = requireLab(env, block.lab);
  const verdict = satisfies(reading.value, reading.comparator, block.comparator, block.value);
  const limit = `${formatNumber(block.value)} ${unitLabel(lab, block.unit)}`.trim();
  const head = `${labName(lab)} ${reading.text}${exactIfAmbiguous(reading.value, block.value)} on ${reading.date}`;
  if (verdict === undefined) {
    return outcome(
      'unknown',
      `${head} cannot be compared with ${COMPARATOR_TEXT[block.comparator]} ${limit}`,
      [reading.observation.ref],
    );
  }
  const shown = verdict ? block.comparator : OPPOSITE[block.comparator];
  return outcome(verdict ? 'met' : 'not_met', `${head} ${COMPARATOR_TEXT[shown]} ${limit}`, [
    reading.observation.ref,
  ]);
}

/**
 * A newer result of an 'either' lab (HBV DNA) reported as not detected, with no number: the true value
 * lies below the assay's detection limit, so an upper-limit requirement ("HBV DNA < 500 IU/mL", catalog
 * I09) is met by it rather than left unknown. Only for '<' / '<='; a numeric result of the same or a
 * later time is more precise and decides instead.
 */
function undetectedResult(
  env: Env,
  block: LabThresholdBlock,
  newestQuantity: LabReading | undefined,
): Outcome | undefined {
  const lab = requireLab(env, block.lab);
  if (lab.kind !== 'either' || (block.comparator !== '<' && block.comparator !== '<=')) return undefined;
  const qualitative = latestQualitative(env, block.lab, block.within);
  if (!qualitative.ok) return undefined;
  const { reading } = qualitative;
  if (reading.result !== 'negative' || reading.observation.value?.kind === 'quantity') return undefined;
  if (newestQuantity && newestQuantity.date >= reading.date) return undefined;
  const limit = `${formatNumber(block.value)} ${unitLabel(lab, block.unit)}`.trim();
  return outcome(
    'met',
    `${labName(lab)} not detected (${reading.text}) on ${reading.date}: below the assay's detection limit, ${COMPARATOR_TEXT[block.comparator]} ${limit}`,
    [reading.observation.ref],
  );
}

export const labThreshold: BlockDefinition<LabThresholdBlock> = {
  evaluate(block, env) {
    const lookup = latestQuantity(env, block.lab, block.within, block.unit);
    const undetected = undetectedResult(env, block, lookup.ok ? lookup.reading : undefined);
    if (undetected) {
      const [ref] = undetected.evidence;
      return withNotes(
        undetected,
        lookup.notes.filter((n) => !ref || !n.includes(ref)),
      );
    }
    if (!lookup.ok) {
      if (block.optional)
        return withNotes(outcome('met', `${lookup.reason} (not required)`, lookup.evidence), lookup.notes);
      return withNotes(outcome('unknown', lookup.reason, lookup.evidence), lookup.notes);
    }
    const results = [lookup.reading, ...lookup.sameDay].map((r) => thresholdOutcome(env, block, r));
    let result = results[0] as Outcome;
    if (results.some((r) => r.status !== result.status)) {
      result = outcome(
        'needs_review',
        `results of the same time disagree: ${results.map((r) => r.reason).join(' / ')}`,
        results.flatMap((r) => r.evidence),
      );
    }
    if (block.withoutSupport && result.status === 'met')
      result = checkSupport(env, block, lookup.reading, result);
    return withNotes(result, lookup.notes);
  },
  render(block, renderer) {
    const lab = renderer.terminology.labs.get(block.lab);
    const unit = lab ? unitLabel(lab, block.unit) : block.unit;
    const support = block.withoutSupport
      ? `, without ${block.withoutSupport.label} in the ${describeDuration(block.withoutSupport.within)} before it`
      : '';
    const optional = block.optional ? ' (only when measured)' : '';
    const limit = `${formatNumber(block.value)} ${unit}`.trim();
    return `latest ${labCodes(renderer, block.lab)} within ${describeDuration(block.within)} ${COMPARATOR_TEXT[block.comparator]} ${limit}${support}${optional}`;
  },
};

/** I14: the count must not be propped up by a growth factor given shortly before it. */
function checkSupport(env: Env, block: LabThresholdBlock, reading: LabReading, met: Outcome): Outcome {
  const support = block.withoutSupport;
  if (!support) return met;
  const from = windowStart(reading.date, support.within);
  const supporting = exposuresOf(env, support.drugClass).filter(
    (e) => overlaps(e, from, reading.date) !== false,
  );
  if (supporting.length === 0) {
    return outcome(
      'met',
      `${met.reason}; no ${support.label} in the ${describeDuration(support.within)} before it`,
      met.evidence,
    );
  }
  const certain = supporting.filter((e) => overlaps(e, from, reading.date) === true);
  const list = supporting.map((e) => e.description).join('; ');
  const evidence = [...met.evidence, ...supporting.map((e) => e.ref)];
  if (certain.length > 0) {
    return outcome('not_met', `${met.reason}, but with ${support.label} support: ${list}`, evidence);
  }
  // A record that cannot be placed inside or outside the window is missing data, not a judgement:
  // unknown, naming the record so the site can add its stop date (docs/decisions/0003).
  return outcome(
    'unknown',
    `${met.reason}; ${support.label} may have been given within ${describeDuration(support.within)} before it (end date not recorded): ${list}`,
    evidence,
  );
}

/** "AST 201 U/L on 2026-03-20 = 5.025 × ULN (ULN 40 U/L, result reference range) > 5 × ULN" */
function ulnOutcome(env: Env, block: UlnMultipleBlock, reading: LabReading): Outcome {
  const lab = requireLab(env, block.lab);
  const uln = upperLimitOfNormal(env, lab, reading);
  const head = `${labName(lab)} ${reading.text} on ${reading.date}`;
  if (!uln.ok) return outcome('unknown', `${head}: ${uln.reason}`, [reading.observation.ref]);
  const multiple = ulnMultiple(reading.value, uln.value);
  const verdict = satisfies(multiple, reading.comparator, block.comparator, block.multiple);
  const limit = `${formatNumber(uln.value)} ${unitLabel(lab)}`.trim();
  const ratio = `${reading.comparator ?? ''}${formatNumber(multiple)}${exactIfAmbiguous(multiple, block.multiple)} × ULN (ULN ${limit}, ${uln.source})`;
  if (verdict === undefined)
    return outcome('unknown', `${head} = ${ratio} cannot be compared`, [reading.observation.ref]);
  const shown = verdict ? block.comparator : OPPOSITE[block.comparator];
  const reason = `${head} = ${ratio} ${COMPARATOR_TEXT[shown]} ${formatNumber(block.multiple)} × ULN`;
  return outcome(verdict ? 'met' : 'not_met', reason, [reading.observation.ref]);
}

export const ulnMultipleBlock: BlockDefinition<UlnMultipleBlock> = {
  evaluate(block, env) {
    const lookup = latestQuantity(env, block.lab, block.within);
    if (!lookup.ok) return withNotes(outcome('unknown', lookup.reason, lookup.evidence), lookup.notes);
    // Results of the same time that disagree cannot be ranked by "latest value wins" (catalog): a person
    // must look, as for plain thresholds (labThreshold above).
    const results = [lookup.reading, ...lookup.sameDay].map((r) => ulnOutcome(env, block, r));
    const first = results[0] as Outcome;
    if (results.some((r) => r.status !== first.status)) {
      return withNotes(
        outcome(
          'needs_review',
          `results of the same time disagree: ${results.map((r) => r.reason).join(' / ')}`,
          results.flatMap((r) => r.evidence),
        ),
        lookup.notes,
      );
    }
    return withNotes(first, lookup.notes);
  },
  render(block, renderer) {
    return `latest ${labCodes(renderer, block.lab)} within ${describeDuration(block.within)} ${COMPARATOR_TEXT[block.comparator]} ${formatNumber(block.multiple)} × ULN`;
  },
};

export const labResult: BlockDefinition<LabResultBlock> = {
  evaluate(block, env) {
    const lab = requireLab(env, block.lab);
    const lookup = latestQualitative(env, block.lab, block.within);
    if (!lookup.ok) {
      return withNotes(
        outcome(block.ifMissing === 'not_met' ? 'not_met' : 'unknown', lookup.reason),
        lookup.notes,
      );
    }
    const { reading } = lookup;
    const head = `${labName(lab)} ${reading.result} (${reading.text}) on ${reading.date}`;
    const evidence = [reading.observation.ref];
    if (block.expect === 'recorded') return withNotes(outcome('met', head, evidence), lookup.notes);
    if (reading.result === 'indeterminate') {
      return withNotes(outcome('unknown', `${head}: neither positive nor negative`, evidence), lookup.notes);
    }
    return withNotes(
      outcome(reading.result === block.expect ? 'met' : 'not_met', head, evidence),
      lookup.notes,
    );
  },
  render(block, renderer) {
    const when = block.within ? ` within ${describeDuration(block.within)}` : '';
    const what = block.expect === 'recorded' ? 'result recorded' : block.expect;
    return `${labCodes(renderer, block.lab)} ${what}${when}`;
  },
};
