/**
 * The vocabulary table: every block kind with how it evaluates and how it reads as text. The mapped
 * type makes a kind without an entry a compile error, so evaluation and rendering cannot drift apart.
 */
import type { Env } from '../env.ts';
import type { Outcome } from '../status.ts';
import type { Terminology } from '../terminology.ts';
import type { Block, BlockKind, BlockOf } from './block.ts';
import { condition } from './conditions.ts';
import type { BlockDefinition, Renderer } from './definition.ts';
import { labResult, labThreshold, ulnMultipleBlock } from './labs.ts';
import { all, any, not, planRule, siteRule, when } from './logic.ts';
import { medication } from './medications.ts';
import { attestation, childbearingPotential, dateWindow } from './questionnaire.ts';
import { allergy, immunization, procedure } from './records.ts';
import { uncontrolledEncephalopathy } from './rules/encephalopathy.ts';
import { uncontrolledHypertension } from './rules/hypertension.ts';
import { immunosuppressantUse } from './rules/immunosuppressants.ts';
import { investigationalTherapy } from './rules/investigational.ts';
import { measurableLesion } from './rules/measurable-lesion.ts';
import { pregnancyTest } from './rules/pregnancy-test.ts';
import { priorSystemicTherapy } from './rules/prior-therapy.ts';
import { recentSurgery } from './rules/surgery.ts';
import { unresolvedToxicity } from './rules/toxicity.ts';
import { varicesAtRisk } from './rules/varices.ts';
import { derivedScore } from './scores.ts';

const VOCABULARY: { [K in BlockKind]: BlockDefinition<BlockOf<K>> } = {
  'lab-threshold': labThreshold,
  'uln-multiple': ulnMultipleBlock,
  'lab-result': labResult,
  window: dateWindow,
  'derived-score': derivedScore,
  condition,
  medication,
  procedure,
  immunization,
  allergy,
  attestation,
  'prior-systemic-therapy': priorSystemicTherapy,
  'investigational-therapy': investigationalTherapy,
  'measurable-lesion': measurableLesion,
  'childbearing-potential': childbearingPotential,
  'pregnancy-test': pregnancyTest,
  'unresolved-toxicity': unresolvedToxicity,
  'varices-at-risk': varicesAtRisk,
  'immunosuppressant-use': immunosuppressantUse,
  'uncontrolled-hypertension': uncontrolledHypertension,
  'recent-surgery': recentSurgery,
  'uncontrolled-encephalopathy': uncontrolledEncephalopathy,
  all,
  any,
  not,
  when,
  'site-rule': siteRule,
  'plan-rule': planRule,
};

function definitionOf<K extends BlockKind>(kind: K): BlockDefinition<BlockOf<K>> {
  return VOCABULARY[kind];
}

export function evaluateBlock(block: Block, env: Env): Outcome {
  return definitionOf(block.kind).evaluate(block as never, env);
}

export function renderBlock(block: Block, terminology: Terminology): string {
  const renderer: Renderer = {
    terminology,
    render: (inner) => definitionOf(inner.kind).render(inner as never, renderer),
  };
  return renderer.render(block);
}
