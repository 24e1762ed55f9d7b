import { describe, expect, it } from 'vitest';
import {
  answerKindOf,
  answersInForce,
  answersSummary,
  answersToSave,
  changedLinkIds,
  formatAnswer,
  type GivenAnswer,
  inputOf,
  isCriterionLinkId,
  isIsoDate,
  NAMED_FACTS,
  parseAnswer,
  questionnaireGroups,
} from './answers.ts';
import type { ProtocolCriterion } from './subject-types.ts';

const TODAY = '2026-03-30';

describe('screening questionnaire linkIds', () => {
  it('knows the criterion IDs I00–I26 and E01–E29 and nothing beyond', () => {
    for (const id of ['I00', 'I09', 'I26', 'E01', 'E18', 'E29']) expect(isCriterionLinkId(id), id).toBe(true);
    for (const id of ['I27', 'E00', 'E30', 'i01', 'I1', 'X01']) expect(isCriterionLinkId(id), id).toBe(false);
  });

  it('gives each named fact of the catalog its input kind', () => {
    expect(NAMED_FACTS.map((f) => f.linkId)).toEqual([
      'consent-date',
      'hcc-diagnosis-basis',
      'first-line-progression-date',
      'ascites',
      'encephalopathy',
      'childbearing-potential',
      'planned-mki',
    ]);
    expect(answerKindOf('I01')).toEqual({ kind: 'boolean' });
    expect(answerKindOf('consent-date')).toEqual({ kind: 'date' });
    expect(answerKindOf('childbearing-potential')).toEqual({ kind: 'boolean' });
    const mki = answerKindOf('planned-mki');
    expect(mki?.kind === 'code' && mki.options.map((o) => o.value)).toEqual(['cabozantinib', 'lenvatinib']);
    const ascites = answerKindOf('ascites');
    expect(ascites?.kind === 'code' && ascites.options.map((o) => o.value)).toEqual([
      'none',
      'mild',
      'moderate-severe',
    ]);
    expect(answerKindOf('ecog')).toBeNull();
  });

  it('turns form text into API values', () => {
    expect(parseAnswer('I01', 'yes', TODAY)).toEqual({ ok: true, value: true });
    expect(parseAnswer('E10', 'no', TODAY)).toEqual({ ok: true, value: false });
    expect(parseAnswer('childbearing-potential', 'no', TODAY)).toEqual({ ok: true, value: false });
    expect(parseAnswer('consent-date', '2026-03-12', TODAY)).toEqual({ ok: true, value: '2026-03-12' });
    expect(parseAnswer('encephalopathy', 'grade-1-2', TODAY)).toEqual({ ok: true, value: 'grade-1-2' });
  });

  it('refuses what the server would refuse, saying what is expected', () => {
    expect(parseAnswer('I01', 'maybe', TODAY)).toEqual({ ok: false, message: 'answer yes or no' });
    expect(parseAnswer('I01', '', TODAY)).toEqual({ ok: false, message: 'choose an answer' });
    expect(parseAnswer('consent-date', '03/12/2026', TODAY)).toEqual({
      ok: false,
      message: 'enter a date as YYYY-MM-DD',
    });
    expect(parseAnswer('consent-date', '2026-02-30', TODAY).ok).toBe(false);
    expect(parseAnswer('consent-date', '2026-03-31', TODAY)).toEqual({
      ok: false,
      message: '2026-03-31 is after today (2026-03-30)',
    });
    expect(parseAnswer('planned-mki', 'sorafenib', TODAY)).toEqual({
      ok: false,
      message: 'choose one of cabozantinib, lenvatinib',
    });
    expect(parseAnswer('weight', '70', TODAY)).toEqual({ ok: false, message: 'unknown linkId "weight"' });
  });

  it('checks calendar dates, leap years included', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
  });

  it('writes answers back for the form and for reading', () => {
    expect(inputOf(true)).toBe('yes');
    expect(inputOf(false)).toBe('no');
    expect(inputOf('mild')).toBe('mild');
    expect(formatAnswer('I01', true)).toBe('Yes');
    expect(formatAnswer('ascites', 'moderate-severe')).toBe('Moderate to severe');
    expect(formatAnswer('consent-date', '2026-03-12')).toBe('2026-03-12');
  });
});

describe('answers already given', () => {
  const given = answersInForce([
    {
      linkId: 'ascites',
      value: { kind: 'code', value: 'mild' },
      comment: null,
      answeredAt: '2026-03-03T10:00:00.000Z',
      answeredBy: 'coord',
    },
    {
      linkId: 'I01',
      value: { kind: 'boolean', value: true },
      comment: null,
      answeredAt: '2026-03-02T10:00:00.000Z',
      answeredBy: 'inv',
    },
  ]);

  it('need a reason only when a new answer differs from one given', () => {
    expect(changedLinkIds(given, [{ linkId: 'ascites', value: 'mild' }])).toEqual([]);
    expect(changedLinkIds(given, [{ linkId: 'ascites', value: 'none' }])).toEqual(['ascites']);
    expect(changedLinkIds(given, [{ linkId: 'I01', value: false }])).toEqual(['I01']);
    expect(changedLinkIds(given, [{ linkId: 'E10', value: true }])).toEqual([]);
  });
});

describe('comments with answers', () => {
  it('come from GET /api/subjects/:id/answers as well', () => {
    const given = answersInForce([
      {
        linkId: 'planned-mki',
        value: { kind: 'code', value: 'lenvatinib' },
        comment: 'tumour board 2026-03-18',
        answeredAt: '2026-03-18T15:00:00.000Z',
        answeredBy: 'Casey Test',
      },
    ]);
    expect(given.get('planned-mki')).toEqual({
      linkId: 'planned-mki',
      value: 'lenvatinib',
      comment: 'tumour board 2026-03-18',
      at: '2026-03-18T15:00:00.000Z',
      by: 'Casey Test',
    });
  });
});

const criterion = (id: string, prompt?: string): ProtocolCriterion => ({
  id,
  type: id.startsWith('I') ? 'inclusion' : 'exclusion',
  title: `${id} title`,
  text: `${id} text`,
  ...(prompt ? { attestation: { prompt } } : {}),
});

describe('the questionnaire as one form', () => {
  const criteria = [
    criterion('E18', 'No planned drug that interacts'),
    criterion('I01', 'Signed informed consent'),
    criterion('I02'),
    criterion('I07', 'Child-Pugh A confirmed'),
    criterion('E10', 'No other malignancy'),
  ];

  it('groups questions like the checklist, each fact before the first criterion it decides', () => {
    const groups = questionnaireGroups(criteria, ['I02']);
    expect(groups.map((g) => g.title)).toEqual(['Inclusion criteria', 'Exclusion criteria']);
    expect(groups[0]?.questions.map((q) => q.linkId)).toEqual([
      'consent-date',
      'I01',
      'I02', // no prompt, but answered before: shown so its answer can be read and changed
      'hcc-diagnosis-basis',
      'first-line-progression-date',
      'ascites',
      'encephalopathy',
      'I07',
      'childbearing-potential',
    ]);
    expect(groups[1]?.questions.map((q) => q.linkId)).toEqual(['E10', 'planned-mki', 'E18']);
    const consent = groups[0]?.questions[0];
    expect(consent).toMatchObject({ criteria: 'I00', answer: { kind: 'date' }, offerToday: true });
    expect(groups[0]?.questions.find((q) => q.linkId === 'I01')?.text).toBe('Signed informed consent');
    expect(groups[0]?.questions.find((q) => q.linkId === 'first-line-progression-date')?.offerToday).toBe(
      false,
    );
  });

  it('asks every criterion when the protocol is not loaded', () => {
    const [inclusion, exclusion] = questionnaireGroups([]);
    expect(inclusion?.questions.filter((q) => isCriterionLinkId(q.linkId))).toHaveLength(27);
    expect(exclusion?.questions.filter((q) => isCriterionLinkId(q.linkId))).toHaveLength(29);
  });

  const given = new Map<string, GivenAnswer>([
    ['I01', { linkId: 'I01', value: true, comment: null, at: '2026-03-01T10:00:00Z', by: 'coord' }],
    [
      'ascites',
      { linkId: 'ascites', value: 'none', comment: 'ultrasound', at: '2026-03-01T10:00:00Z', by: 'coord' },
    ],
  ]);
  const order = questionnaireGroups(criteria).flatMap((g) => g.questions.map((q) => q.linkId));

  it('sends only what changed, in questionnaire order, naming the answers that need a reason', () => {
    const result = answersToSave(
      given,
      {
        I01: { value: 'yes' }, // the same answer again: not sent
        'consent-date': { value: '2026-03-30' },
        ascites: { value: 'mild' },
        E10: {}, // touched, left empty: not sent
      },
      TODAY,
      order,
    );
    expect(result).toEqual({
      ok: true,
      // The comment already given goes with the changed answer, or the server would clear it.
      answers: [
        { linkId: 'consent-date', value: '2026-03-30' },
        { linkId: 'ascites', value: 'mild', comment: 'ultrasound' },
      ],
      changing: ['ascites'],
    });
    expect(result.ok && answersSummary(result.answers)).toBe('consent-date = 2026-03-30, ascites = Mild');
  });

  it('sends an unchanged answer again when only its comment changed, with no reason needed', () => {
    expect(answersToSave(given, { ascites: { comment: ' ultrasound and CT ' } }, TODAY)).toEqual({
      ok: true,
      answers: [{ linkId: 'ascites', value: 'none', comment: 'ultrasound and CT' }],
      changing: [],
    });
    expect(answersToSave(given, { ascites: { comment: '' } }, TODAY)).toEqual({
      ok: true,
      answers: [{ linkId: 'ascites', value: 'none' }],
      changing: [],
    });
    expect(answersToSave(given, { I01: { value: 'yes', comment: '' } }, TODAY)).toEqual({
      ok: true,
      answers: [],
      changing: [],
    });
  });

  it('names each question that cannot be sent', () => {
    expect(
      answersToSave(
        given,
        {
          I01: { value: '' },
          E10: { comment: 'history of basal cell carcinoma' },
          'consent-date': { value: '2026-04-02' },
        },
        TODAY,
      ),
    ).toEqual({
      ok: false,
      errors: {
        I01: 'an answer given cannot be taken back: choose the new answer',
        E10: 'answer the question to keep a comment with it',
        'consent-date': '2026-04-02 is after today (2026-03-30)',
      },
    });
  });
});
