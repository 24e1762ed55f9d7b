/**
 * The screening QuestionnaireResponse (criteria catalog, "The screening questionnaire"): each item
 * whose linkId is a criterion ID or a named fact of the protocol's questionnaire (questionnaire.yaml,
 * given in the MapContext) becomes a ScreeningAnswer. The linkIds are a contract.
 */
import type {
  QuestionnaireResponse,
  QuestionnaireResponseItem,
  QuestionnaireResponseItemAnswer,
} from '@medplum/fhirtypes';
import type { QuestionnaireItem, ScreeningAnswer } from '../eligibility/index.ts';
import type { MapContext, Produced } from './mapping.ts';
import { arr, dateOf, describe, lower, parseDatePart, referenceLabel, str } from './values.ts';

type AnswerKind = ScreeningAnswer['value']['kind'];

/** I00…I26 and E01…E29 (the pattern admits any two digits; the catalog decides which exist). */
export const CRITERION_LINK_ID = /^[IE]\d\d$/;

const EXPECTED: Record<AnswerKind, string> = {
  boolean: 'valueBoolean',
  date: 'valueDate',
  code: 'valueCoding or valueString',
};

/** What an item of `linkId` expects: a kind and, for codes, the allowed ones. */
interface Expected {
  kind: AnswerKind;
  codes?: readonly string[];
}

/**
 * A confirmation (criterion ID) is yes/no; a named fact is what the questionnaire says; any other
 * linkId is not the trial's (undefined: ignored). Without a questionnaire, the answer's own type decides.
 */
function expectedFor(
  linkId: string,
  questionnaire: readonly QuestionnaireItem[] | undefined,
  answer: QuestionnaireResponseItemAnswer | undefined,
): Expected | undefined {
  if (CRITERION_LINK_ID.test(linkId)) return { kind: 'boolean' };
  if (questionnaire === undefined) return kindOfValue(answer);
  const item = questionnaire.find((i) => i.linkId === linkId);
  if (item === undefined) return undefined;
  return item.answers ? { kind: item.kind, codes: item.answers.map((a) => a.code) } : { kind: item.kind };
}

function kindOfValue(answer: QuestionnaireResponseItemAnswer | undefined): Expected | undefined {
  if (typeof answer?.valueBoolean === 'boolean') return { kind: 'boolean' };
  if (answer?.valueDate !== undefined || answer?.valueDateTime !== undefined) return { kind: 'date' };
  if (answer?.valueCoding !== undefined || answer?.valueString !== undefined) return { kind: 'code' };
  return undefined;
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
      const given = arr(item.answer);
      const first = given[0] as QuestionnaireResponseItemAnswer | undefined;
      const expected = linkId === undefined ? undefined : expectedFor(linkId, ctx.questionnaire, first);
      if (linkId !== undefined && expected !== undefined && given.length > 0) {
        if (given.length > 1) ctx.warn(`item ${linkId} has ${given.length} answers; the first is used`);
        const value = answerValue(linkId, expected, first as QuestionnaireResponseItemAnswer, ctx);
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
  { kind, codes: allowed }: Expected,
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
