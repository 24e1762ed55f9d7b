/**
 * The screening questionnaire's linkIds (criteria catalog, "The screening questionnaire") — a contract
 * shared with the FHIR QuestionnaireResponse, the web forms and the API. Each answer entered through the
 * API is checked against its linkId's type here and becomes the engine's `ScreeningAnswer.value`.
 */
import type { ScreeningAnswer } from '../eligibility/index.ts';
import type { Protocol } from '../protocol/index.ts';
import { TrialError } from './errors.ts';

const CODES: Record<string, readonly string[]> = {
  'hcc-diagnosis-basis': ['histology', 'cytology', 'clinical-aasld', 'clinical-wasl'],
  ascites: ['none', 'mild', 'moderate-severe'],
  encephalopathy: ['none', 'grade-1-2', 'grade-3-4'],
  'planned-mki': ['cabozantinib', 'lenvatinib'],
};
const DATES = ['consent-date', 'first-line-progression-date'];
const BOOLEANS = ['childbearing-potential'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Every linkId the API accepts: the criterion IDs and the named facts. */
export function questionnaireLinkIds(protocol: Pick<Protocol, 'criteria'>): string[] {
  return [...protocol.criteria.map((c) => c.id), ...DATES, ...BOOLEANS, ...Object.keys(CODES)];
}

export function answerSchemaFor(
  protocol: Pick<Protocol, 'criteria'>,
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
  if (protocol.criteria.some((c) => c.id === linkId) || BOOLEANS.includes(linkId)) {
    if (typeof value !== 'boolean') fail('true or false');
    return { kind: 'boolean', value: value as boolean };
  }
  if (DATES.includes(linkId)) {
    if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
      fail('a date YYYY-MM-DD');
    return { kind: 'date', value: value as string };
  }
  const codes = CODES[linkId];
  if (codes) {
    if (typeof value !== 'string' || !codes.includes(value)) fail(`one of ${codes.join(', ')}`);
    return { kind: 'code', value: value as string };
  }
  throw new TrialError(
    'invalid',
    `${path}.linkId: unknown linkId "${linkId}": expected a criterion ID (I00…E29) or one of ${[...DATES, ...BOOLEANS, ...Object.keys(CODES)].join(', ')}`,
    {
      fields: [{ path: `${path}.linkId`, message: 'unknown linkId' }],
    },
  );
}
