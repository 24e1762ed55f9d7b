/**
 * The screening questionnaire (protocols/<id>/questionnaire.yaml): its named facts, their answer codes
 * and what the screener reads from them; and what a protocol asks a person to confirm.
 */
import { z } from 'zod';
import { CHILD_PUGH_GRADES } from '../clinical/index.ts';
import { CRITERION_ID, questionnaire, questionnaireItem } from '../contracts/index.ts';
import {
  type Criterion,
  type Questionnaire,
  type QuestionnaireItem,
  walkBlocks,
} from '../eligibility/index.ts';
import type { Protocol, RegistryFacts } from './schema.ts';

/** An item of the questionnaire's shape (src/contracts), with the checks that need the clinical grades. */
export const questionnaireItemSchema = questionnaireItem.superRefine((item, ctx) => {
  const issue = (message: string, path: (string | number)[] = []) =>
    ctx.addIssue({ code: 'custom', message, path });
  if (item.kind === 'code' && !item.answers) issue('a code item lists its answers', ['answers']);
  if (item.kind !== 'code' && item.answers) issue(`a ${item.kind} item has no answer codes`, ['answers']);
  if (item.offerToday && item.kind !== 'date') issue('only a date item offers today', ['offerToday']);
  if (item.role && item.kind !== 'code') issue(`role ${item.role} needs a code item`, ['role']);
  const answers = item.answers ?? [];
  const codes = answers.map((a) => a.code);
  codes.forEach((code, i) => {
    if (codes.indexOf(code) !== i) issue(`duplicate code "${code}"`, ['answers', i, 'code']);
  });
  const grades =
    item.role === 'child-pugh-ascites'
      ? CHILD_PUGH_GRADES.ascites
      : item.role === 'child-pugh-encephalopathy'
        ? CHILD_PUGH_GRADES.encephalopathy
        : undefined;
  answers.forEach((a, i) => {
    const at = (field: string) => ['answers', i, field];
    if (grades && !(grades as readonly string[]).includes(a.childPugh ?? ''))
      issue(`expected childPugh: one of ${grades.join(', ')}`, at('childPugh'));
    if (!grades && a.childPugh !== undefined) issue('childPugh needs a Child-Pugh role', at('childPugh'));
    if (item.role === 'child-pugh-encephalopathy' && !a.westHaven)
      issue('expected westHaven: [lowest, highest] grade', at('westHaven'));
    if (item.role !== 'child-pugh-encephalopathy' && a.westHaven)
      issue('westHaven needs role child-pugh-encephalopathy', at('westHaven'));
    if (item.role === 'planned-intervention' && !a.intervention)
      issue('expected intervention: the intervention this code plans', at('intervention'));
    if (item.role !== 'planned-intervention' && a.intervention)
      issue('intervention needs role planned-intervention', at('intervention'));
  });
});

export const questionnaireSchema = questionnaire
  .extend({ items: z.array(questionnaireItemSchema) })
  .superRefine((q, ctx) => {
    const linkIds = q.items.map((i) => i.linkId);
    const roles = q.items.flatMap((i) => (i.role ? [i.role] : []));
    q.items.forEach((item, i) => {
      if (linkIds.indexOf(item.linkId) !== i)
        ctx.addIssue({ code: 'custom', message: `duplicate linkId "${item.linkId}"`, path: ['items', i] });
      if (item.role && roles.indexOf(item.role) !== roles.lastIndexOf(item.role))
        ctx.addIssue({
          code: 'custom',
          message: `more than one item has role ${item.role}`,
          path: ['items', i],
        });
    });
  });

/**
 * The questionnaire against the criteria and the registry facts: every item a rule reads exists with
 * the kind the rule needs, every code a rule interprets is defined, every criterion an item decides
 * exists, every planned intervention is one of protocol.yaml's, every stratification factor answered in
 * the questionnaire has the factor's levels as codes. Returns the problems, each naming its place.
 */
export function questionnaireProblems(
  questionnaire: Questionnaire,
  criteria: readonly Criterion[],
  registry: Pick<RegistryFacts, 'interventions' | 'stratification'>,
): string[] {
  const problems: string[] = [];
  const items = new Map(questionnaire.items.map((i) => [i.linkId, i]));
  const criterionIds = new Set(criteria.map((c) => c.id));
  const withRole = (role: QuestionnaireItem['role']) => questionnaire.items.find((i) => i.role === role);
  const interventions = new Set(registry.interventions.map((i) => i.id));

  for (const item of questionnaire.items) {
    for (const id of item.decides)
      if (!criterionIds.has(id)) problems.push(`item ${item.linkId}: decides unknown criterion ${id}`);
    for (const a of item.answers ?? [])
      if (a.intervention !== undefined && !interventions.has(a.intervention))
        problems.push(`item ${item.linkId}: code ${a.code} plans unknown intervention "${a.intervention}"`);
  }

  for (const factor of registry.stratification) {
    const item = items.get(factor.id);
    if (!item) continue;
    const codes = (item.answers ?? []).map((a) => a.code);
    if (codes.join('\n') !== factor.levels.join('\n'))
      problems.push(
        `item ${item.linkId}: codes ${codes.join(', ') || '(none)'} must be the levels of stratification factor ${factor.id} (${factor.levels.join(', ')})`,
      );
  }

  const needItem = (criterion: string, linkId: string, kind: QuestionnaireItem['kind']) => {
    const item = items.get(linkId);
    if (!item)
      problems.push(`${criterion}: reads questionnaire item "${linkId}", which questionnaire.yaml lacks`);
    else if (item.kind !== kind)
      problems.push(`${criterion}: reads item ${linkId} as ${kind}, but it is a ${item.kind} item`);
    return item?.kind === kind ? item : undefined;
  };
  const needRole = (criterion: string, role: NonNullable<QuestionnaireItem['role']>) => {
    const item = withRole(role);
    if (!item) problems.push(`${criterion}: needs a questionnaire item with role ${role}`);
    return item;
  };

  for (const criterion of criteria) {
    const at = criterion.id;
    for (const block of walkBlocks(criterion.rule)) {
      switch (block.kind) {
        case 'window':
          needItem(at, block.item, 'date');
          break;
        case 'childbearing-potential':
          needItem(at, block.item, 'boolean');
          break;
        case 'prior-systemic-therapy':
          needItem(at, block.progressionItem, 'date');
          break;
        case 'uncontrolled-encephalopathy': {
          const item = needItem(at, block.item, 'code');
          if (item?.answers?.some((a) => !a.westHaven))
            problems.push(`${at}: item ${block.item} must give each code's West Haven grades (westHaven)`);
          break;
        }
        case 'attestation': {
          const linkId = block.item ?? criterion.id;
          if (CRITERION_ID.test(linkId)) {
            if (!criterionIds.has(linkId))
              problems.push(`${at}: confirmation of unknown criterion ${linkId}`);
            if (block.accept)
              problems.push(`${at}: a confirmation (${linkId}) is yes/no, it accepts no codes`);
            break;
          }
          const item = needItem(at, linkId, block.accept ? 'code' : 'boolean');
          const codes = (item?.answers ?? []).map((a) => a.code);
          for (const code of block.accept ?? [])
            if (item && !codes.includes(code))
              problems.push(`${at}: accepts code "${code}", which item ${linkId} does not define`);
          break;
        }
        case 'derived-score':
          if (block.score === 'child-pugh') {
            needRole(at, 'child-pugh-ascites');
            needRole(at, 'child-pugh-encephalopathy');
          }
          break;
        case 'plan-rule': {
          const item = needRole(at, 'planned-intervention');
          if (!interventions.has(block.mki))
            problems.push(`${at}: plans unknown intervention "${block.mki}"`);
          else if (item && !item.answers?.some((a) => a.intervention === block.mki))
            problems.push(`${at}: no code of item ${item.linkId} plans ${block.mki}`);
          break;
        }
        default:
          break;
      }
    }
  }
  return problems;
}

/**
 * IDs of the criteria whose rule asks for a person's confirmation under the criterion's own ID
 * (questionnaire linkId = criterion ID): statements only a person can make, such as I01.
 */
export function attestedCriteria(protocol: Pick<Protocol, 'criteria'>): string[] {
  return protocol.criteria
    .filter((c) => [...walkBlocks(c.rule)].some((b) => b.kind === 'attestation' && (b.item ?? c.id) === c.id))
    .map((c) => c.id);
}
