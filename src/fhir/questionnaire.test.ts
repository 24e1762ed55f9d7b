import { describe, expect, it } from 'vitest';
import { mapOne, mapOneWith, QUESTIONNAIRE, SUBJECT } from './test-support.ts';

const response = (fields: object) => ({
  resourceType: 'QuestionnaireResponse',
  id: 'qr1',
  status: 'completed',
  subject: SUBJECT,
  authored: '2026-03-01T17:30:00-05:00',
  author: { reference: 'Practitioner/dr-lee', display: 'Dr. Lee' },
  ...fields,
});

describe('screening QuestionnaireResponse', () => {
  it('reads criterion and named items through nested items and answers', () => {
    const { facts, errors } = mapOne(
      response({
        item: [
          {
            linkId: 'attestations',
            item: [
              { linkId: 'I01', answer: [{ valueBoolean: true }] },
              { linkId: 'E10', answer: [{ valueBoolean: false }] },
            ],
          },
          { linkId: 'consent-date', answer: [{ valueDate: '2026-02-27' }] },
          { linkId: 'first-line-progression-date', answer: [{ valueDateTime: '2026-01-15T10:00:00+01:00' }] },
          {
            linkId: 'hcc',
            answer: [
              {
                valueBoolean: true,
                item: [{ linkId: 'hcc-diagnosis-basis', answer: [{ valueCoding: { code: 'Histology' } }] }],
              },
            ],
          },
          { linkId: 'ascites', answer: [{ valueString: ' Mild ' }] },
          { linkId: 'childbearing-potential', answer: [{ valueBoolean: false }] },
          { linkId: 'planned-mki', answer: [{ valueCoding: { system: 'http://x', code: 'lenvatinib' } }] },
          { linkId: 'favourite-colour', answer: [{ valueString: 'blue' }] },
          { linkId: 'I26' },
        ],
      }),
    );
    expect(errors).toEqual([]);
    const base = {
      ref: 'QuestionnaireResponse/qr1',
      source: 'test.ndjson:2',
      authored: '2026-03-01',
      author: 'Dr. Lee',
    };
    expect(facts.answers).toEqual([
      { ...base, linkId: 'I01', value: { kind: 'boolean', value: true } },
      { ...base, linkId: 'E10', value: { kind: 'boolean', value: false } },
      { ...base, linkId: 'consent-date', value: { kind: 'date', value: '2026-02-27' } },
      { ...base, linkId: 'first-line-progression-date', value: { kind: 'date', value: '2026-01-15' } },
      { ...base, linkId: 'hcc-diagnosis-basis', value: { kind: 'code', value: 'histology' } },
      { ...base, linkId: 'ascites', value: { kind: 'code', value: 'mild' } },
      { ...base, linkId: 'childbearing-potential', value: { kind: 'boolean', value: false } },
      { ...base, linkId: 'planned-mki', value: { kind: 'code', value: 'lenvatinib' } },
    ]);
    expect(facts.warnings).toEqual([]);
  });

  it('reports a wrong-typed answer as an error naming the linkId, what was given and what was expected', () => {
    const { facts, errors } = mapOne(
      response({
        item: [
          { linkId: 'I01', answer: [{ valueString: 'yes' }] },
          { linkId: 'consent-date', answer: [{ valueBoolean: true }] },
          { linkId: 'ascites', answer: [{ valueInteger: 2 }] },
          { linkId: 'I02', answer: [{ valueBoolean: true }] },
        ],
      }),
    );
    expect(errors).toEqual([
      {
        source: 'test.ndjson:2',
        message: 'QuestionnaireResponse/qr1 item I01: answer is valueString "yes", expected valueBoolean',
      },
      {
        source: 'test.ndjson:2',
        message:
          'QuestionnaireResponse/qr1 item consent-date: answer is valueBoolean true, expected valueDate',
      },
      {
        source: 'test.ndjson:2',
        message:
          'QuestionnaireResponse/qr1 item ascites: answer is valueInteger 2, expected valueCoding or valueString',
      },
    ]);
    expect(facts.answers.map((a) => a.linkId)).toEqual(['I02']);
  });

  it('warns about a code outside the item’s values but keeps it; falls back to the author reference', () => {
    const { facts } = mapOne(
      response({
        author: { reference: 'Patient/p1' },
        item: [{ linkId: 'encephalopathy', answer: [{ valueString: 'grade 2' }] }],
      }),
    );
    expect(facts.answers[0]).toMatchObject({
      value: { kind: 'code', value: 'grade 2' },
      author: 'Patient/p1',
    });
    expect(facts.warnings).toEqual([
      "QuestionnaireResponse/qr1: item encephalopathy: 'grade 2' is not one of none, grade-1-2, grade-3-4",
    ]);
  });

  it('reads the named facts of the questionnaire it is given: their kinds and codes are the protocol’s', () => {
    const items = QUESTIONNAIRE.map((item) =>
      item.linkId === 'ascites'
        ? { ...item, answers: [...(item.answers ?? []), { code: 'refractory', label: 'Refractory' }] }
        : item.linkId === 'consent-date'
          ? { ...item, kind: 'boolean' as const }
          : item,
    ).filter((item) => item.linkId !== 'planned-mki');
    const { facts, errors } = mapOneWith(
      items,
      response({
        item: [
          { linkId: 'ascites', answer: [{ valueString: 'Refractory' }] },
          { linkId: 'consent-date', answer: [{ valueDate: '2026-02-27' }] },
          { linkId: 'planned-mki', answer: [{ valueString: 'lenvatinib' }] },
        ],
      }),
    );
    expect(facts.answers.map((a) => [a.linkId, a.value])).toEqual([
      ['ascites', { kind: 'code', value: 'refractory' }],
    ]);
    expect(facts.warnings).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual([
      'QuestionnaireResponse/qr1 item consent-date: answer is valueDate "2026-02-27", expected valueBoolean',
    ]);
  });

  it('reads every item as its answer’s type says when no questionnaire is given (a library caller)', () => {
    const { facts, errors } = mapOneWith(
      undefined,
      response({
        item: [
          { linkId: 'favourite-colour', answer: [{ valueString: 'Blue' }] },
          { linkId: 'consent-date', answer: [{ valueDate: '2026-02-27' }] },
          { linkId: 'smoker', answer: [{ valueBoolean: false }] },
          { linkId: 'weight', answer: [{ valueInteger: 70 }] },
          { linkId: 'I01', answer: [{ valueString: 'yes' }] },
        ],
      }),
    );
    expect(facts.answers.map((a) => [a.linkId, a.value])).toEqual([
      ['favourite-colour', { kind: 'code', value: 'blue' }],
      ['consent-date', { kind: 'date', value: '2026-02-27' }],
      ['smoker', { kind: 'boolean', value: false }],
    ]);
    // A criterion's confirmation is yes/no whatever the questionnaire.
    expect(errors.map((e) => e.message)).toEqual([
      'QuestionnaireResponse/qr1 item I01: answer is valueString "yes", expected valueBoolean',
    ]);
  });

  it('drops an entered-in-error response', () => {
    const { facts } = mapOne(
      response({ status: 'entered-in-error', item: [{ linkId: 'I01', answer: [{ valueBoolean: true }] }] }),
    );
    expect(facts.answers).toEqual([]);
  });
});
