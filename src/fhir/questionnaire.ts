/**
 * The screening QuestionnaireResponse (criteria catalog, "The screening questionnaire"): each item
 * whose linkId is a criterion ID or a named fact becomes a ScreeningAnswer. The linkIds are a contract.
 */
import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import type { ScreeningAnswer } from '../eligibility/patient-facts.ts';
import type { MapContext, Produced } from './mapping.ts';
import { arr, dateOf, describe, lower, parseDatePart, referenceLabel, str } from './values.ts';

type AnswerKind = ScreeningAnswer['value']['kind'];

/** I00…I26 and E01…E29 (the pattern admits any two digits; the catalog decides which exist). */
export const CRITERION_LINK_ID = /^[IE]\d\d$/;

/** The named facts, with the answer type each expects and, for codes, the allowed values. */
export const NAMED_ITEMS: Readonly<Record<string, { kind: AnswerKind; codes?: readonly string[] }>> = {
  'consent-date': { kind: 'date' },
  'hcc-diagnosis-basis': {
    kind: 'code',
    codes: ['histology', 'cytology', 'clinical-aasld', 'clinical-wasl'],
  },
  'first-line-progression-date': { kind: 'date' },
  ascites: { kind: 'code', codes: ['none', 'mild', 'moderate-severe'] },
  encephalopathy: { kind: 'code', codes: ['none', 'grade-1-2', 'grade-3-4'] },
  'childbearing-potential': { kind: 'boolean' },
  'planned-mki': { kind: 'code', codes: ['cabozantinib', 'lenvatinib'] },
};

const EXPECTED: Record<AnswerKind, string> = {
  boolean: 'valueBoolean',
  date: 'valueDate',
  code: 'valueCoding or valueString',
};

export function expectedKind(linkId: string): AnswerKind | undefined {
  if (CRITERION_LINK_ID.test(linkId)) return 'boolean';
  return Object.hasOwn(NAMED_ITEMS, linkId) ? NAMED_ITEMS[linkId]?.kind : undefined;
}

export function mapQuestionnaireResponse(
  response: QuestionnaireResponse,
  ctx: MapContext,
): Produced | undefined {
  if (response.status === 'entered-in-error') return undefined;
  const authored = dateOf(response.authored, 'authored', ctx.warn);
  const author = referenceLabel(response.author);
  const answers: ScreeningAnswer[] = [];
  const visit = (items: readonly QuestionnaireResponseItem[]): void => {
    for (const item of items) {
      if (item === null || typeof item !== 'object') continue;
      const linkId = str(item.linkId);
      const kind = linkId === undefined ? undefined : expectedKind(linkId);
      const given = arr(item.answer);
      if (linkId !== undefined && kind !== undefined && given.length > 0) {
        if (given.length > 1) ctx.warn(`item ${linkId} has ${given.length} answers; the first is used`);
        const value = answerValue(linkId, kind, given[0] as QuestionnaireResponseItemAnswer, ctx);
        if (value !== undefined) {
          const answer: ScreeningAnswer = { ref: ctx.ref, source: ctx.source, linkId, value };
          if (authored !== undefined) answer.authored = authored;
          if (author !== undefined) answer.author = author;
          answers.push(answer);
        }
      }
      visit(arr(item.item));
      for (const answer of given) visit(arr(answer?.item));
    }
  };
  visit(arr(response.item));
  return { answers };
}

function answerValue(
  linkId: string,
  kind: AnswerKind,
  answer: QuestionnaireResponseItemAnswer,
  ctx: MapContext,
): ScreeningAnswer['value'] | undefined {
  if (kind === 'boolean' && typeof answer?.valueBoolean === 'boolean') {
    return { kind: 'boolean', value: answer.valueBoolean };
  }
  if (kind === 'date' && (answer?.valueDate !== undefined || answer?.valueDateTime !== undefined)) {
    const raw = answer.valueDate ?? answer.valueDateTime;
    const date = parseDatePart(raw);
    if (date !== undefined && date !== 'partial' && date !== 'invalid') return { kind: 'date', value: date };
    ctx.error(`item ${linkId}: ${describe(raw)} is not a full date (YYYY-MM-DD)`);
    return undefined;
  }
  if (kind === 'code') {
    const text = str(answer?.valueCoding?.code) ?? str(answer?.valueString);
    if (text !== undefined) {
      const code = lower(text);
      const allowed = NAMED_ITEMS[linkId]?.codes;
      if (allowed !== undefined && !allowed.includes(code)) {
        ctx.warn(`item ${linkId}: '${code}' is not one of ${allowed.join(', ')}`);
      }
      return { kind: 'code', value: code };
    }
  }
  ctx.error(`item ${linkId}: answer is ${givenType(answer)}, expected ${EXPECTED[kind]}`);
  return undefined;
}

function givenType(answer: QuestionnaireResponseItemAnswer): string {
  if (answer === null || typeof answer !== 'object') return describe(answer);
  const entries = Object.entries(answer).filter(([key]) => key.startsWith('value'));
  if (entries.length === 0) return 'empty (no value[x])';
  return entries.map(([key, value]) => `${key} ${describe(value)}`).join(', ');
}
