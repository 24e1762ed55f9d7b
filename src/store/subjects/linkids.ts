/**
 * The screening questionnaire's linkIds (criteria catalog, "The screening questionnaire") — a contract
 * shared with the FHIR QuestionnaireResponse, the web forms and the API: the criterion IDs (yes/no) and
 * the protocol's named facts (questionnaire.yaml). Each answer entered through the API is checked
 * against its linkId's kind and codes here and becomes the engine's `ScreeningAnswer.value`.
 */
import type { ScreeningAnswer } from '../../eligibility/index.ts';
import type { Protocol } from '../../protocol/index.ts';
import { TrialError } from '../errors.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

type QuestionnaireProtocol = Pick<Protocol, 'criteria' | 'questionnaire'>;

/** Every linkId the API accepts: the criterion IDs and the named facts. */
export function questionnaireLinkIds(protocol: QuestionnaireProtocol): string[] {
  return [...protocol.criteria.map((c) => c.id), ...protocol.questionnaire.items.map((i) => i.linkId)];
}

export function answerSchemaFor(
  protocol: QuestionnaireProtocol,
  linkId: string,
  value: unknown,
  path: string,
): ScreeningAnswer['value'] {
  const fail = (expected: string): never => {
    throw new TrialError(
      'invalid',
      `${path}.value: ${JSON.stringify(value)} for ${linkId}: expected ${expected}`,
      {
        fields: [{ path: `${path}.value`, message: `expected ${expected}` }],
      },
    );
  };
  const item = protocol.questionnaire.items.find((i) => i.linkId === linkId);
  const kind = protocol.criteria.some((c) => c.id === linkId) ? 'boolean' : item?.kind;
  if (kind === 'boolean') {
    if (typeof value !== 'boolean') fail('true or false');
    return { kind: 'boolean', value: value as boolean };
  }
  if (kind === 'date') {
    if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
      fail('a date YYYY-MM-DD');
    return { kind: 'date', value: value as string };
  }
  if (kind === 'code') {
    const codes = (item?.answers ?? []).map((a) => a.code);
    if (typeof value !== 'string' || !codes.includes(value)) fail(`one of ${codes.join(', ')}`);
    return { kind: 'code', value: value as string };
  }
  const [first, last] = [protocol.criteria[0]?.id, protocol.criteria.at(-1)?.id];
  throw new TrialError(
    'invalid',
    `${path}.linkId: unknown linkId "${linkId}": expected a criterion ID (${first}…${last}) or one of ${protocol.questionnaire.items.map((i) => i.linkId).join(', ')}`,
    {
      fields: [{ path: `${path}.linkId`, message: 'unknown linkId' }],
    },
  );
}
