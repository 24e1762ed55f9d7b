import { describe, expect, it } from 'vitest';
import type { CriterionDocument, ProtocolDocument } from '../contracts.ts';
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
  namedFactsOf,
  parseAnswer,
  questionnaireGroups,
} from './answers.ts';

const TODAY = '2026-03-30';

/**
 * The parts of GET /api/protocol the form reads, in the shape the server answers (src/protocol/render.ts
 * protocolToJson; the items are protocols/nct05168163/questionnaire.yaml's).
 */
const PROTOCOL: Pick<ProtocolDocument, 'questionnaire' | 'stratification'> = {
  stratification: [
    { id: 'planned-mki', label: 'Planned multi-kinase inhibitor', levels: ['cabozantinib', 'lenvatinib'] },
  ],
  questionnaire: {
    source: 'protocols/nct05168163/questionnaire.yaml',
    items: [
      {
        linkId: 'consent-date',
        label: 'Date written informed consent was signed',
        kind: 'date',
        decides: ['I00'],
        offerToday: true,
      },
      {
        linkId: 'hcc-diagnosis-basis',
        label: 'Basis of the HCC diagnosis',
        kind: 'code',
        decides: ['I03'],
        answers: [
          { code: 'histology', label: 'Histology' },
          { code: 'cytology', label: 'Cytology' },
          { code: 'clinical-aasld', label: 'Clinical (AASLD criteria)' },
          { code: 'clinical-wasl', label: 'Clinical (WASL 2018 criteria)' },
        ],
      },
      {
        linkId: 'first-line-progression-date',
        label: 'Date of progression on first-line atezolizumab + bevacizumab',
        kind: 'date',
        decides: ['I05'],
      },
      {
        linkId: 'ascites',
        label: 'Ascites (Child-Pugh)',
        kind: 'code',
        decides: ['I07'],
        answers: [
          { code: 'none', label: 'None' },
          { code: 'mild', label: 'Mild' },
          { code: 'moderate-severe', label: 'Moderate to severe' },
        ],
      },
      {
        linkId: 'encephalopathy',
        label: 'Hepatic encephalopathy (Child-Pugh)',
        kind: 'code',
        decides: ['I07'],
        answers: [
          { code: 'none', label: 'None' },
          { code: 'grade-1-2', label: 'Grade 1–2' },
          { code: 'grade-3-4', label: 'Grade 3–4' },
        ],
      },
      {
        linkId: 'childbearing-potential',
        label: 'Of childbearing potential',
        kind: 'boolean',
        decides: ['I23', 'I25', 'E28'],
      },
      {
        linkId: 'planned-mki',
        label: 'Planned multi-kinase inhibitor',
        kind: 'code',
        decides: ['E18'],
        answers: [
          { code: 'cabozantinib', label: 'Cabozantinib' },
          { code: 'lenvatinib', label: 'Lenvatinib' },
        ],
      },
    ],
  },
};
const FACTS = namedFactsOf(PROTOCOL);

describe('screening questionnaire linkIds', () => {
  it('knows the criterion IDs I00–I26 and E01–E29 and nothing beyond', () => {
    for (const id of ['I00', 'I09', 'I26', 'E01', 'E18', 'E29']) expect(isCriterionLinkId(id), id).toBe(true);
    for (const id of ['I27', 'E00', 'E30', 'i01', 'I1', 'X01']) expect(isCriterionLinkId(id), id).toBe(false);
  });

  it('gives each named fact of the protocol its input kind', () => {
    expect(FACTS.map((f) => f.linkId)).toEqual([
      'consent-date',
      'hcc-diagnosis-basis',
      'first-line-progression-date',
      'ascites',
      'encephalopathy',
      'childbearing-potential',
      'planned-mki',
    ]);
    expect(answerKindOf('I01', FACTS)).toEqual({ kind: 'boolean' });
    expect(answerKindOf('consent-date', FACTS)).toEqual({ kind: 'date' });
    expect(answerKindOf('childbearing-potential', FACTS)).toEqual({ kind: 'boolean' });
    const mki = answerKindOf('planned-mki', FACTS);
    expect(mki?.kind === 'code' && mki.options.map((o) => o.value)).toEqual(['cabozantinib', 'lenvatinib']);
    const ascites = answerKindOf('ascites', FACTS);
    expect(ascites?.kind === 'code' && ascites.options.map((o) => o.value)).toEqual([
      'none',
      'mild',
      'moderate-severe',
    ]);
    expect(answerKindOf('ecog', FACTS)).toBeNull();
  });

  it('takes the named facts, their codes and labels from the protocol, the stratum included', () => {
    expect(FACTS.find((f) => f.linkId === 'childbearing-potential')?.criteria).toBe('I23, I25, E28');
    expect(FACTS.find((f) => f.linkId === 'planned-mki')?.criteria).toBe('E18 and the stratum');
    expect(FACTS.find((f) => f.linkId === 'first-line-progression-date')).toEqual({
      linkId: 'first-line-progression-date',
      label: 'Date of progression on first-line atezolizumab + bevacizumab',
      criteria: 'I05',
      first: 'I05',
      answer: { kind: 'date' },
    });
    // Another protocol's wording and codes reach the form as they are.
    const items = PROTOCOL.questionnaire.items.map((item) =>
      item.linkId === 'ascites'
        ? {
            ...item,
            label: 'Ascites',
            answers: [...(item.answers ?? []), { code: 'refractory', label: 'Refractory' }],
          }
        : item,
    );
    const other = namedFactsOf({ stratification: [], questionnaire: { items } });
    expect(other.find((f) => f.linkId === 'ascites')?.label).toBe('Ascites');
    expect(parseAnswer('ascites', 'refractory', TODAY, other)).toEqual({ ok: true, value: 'refractory' });
    expect(formatAnswer('ascites', 'refractory', other)).toBe('Refractory');
    expect(other.find((f) => f.linkId === 'planned-mki')?.criteria).toBe('E18');
  });

  it('has no named facts until the protocol is loaded', () => {
    expect(namedFactsOf(null)).toEqual([]);
    expect(parseAnswer('ascites', 'mild', TODAY, [])).toEqual({
      ok: false,
      message: 'unknown linkId "ascites"',
    });
    expect(parseAnswer('I01', 'yes', TODAY, [])).toEqual({ ok: true, value: true });
  });

  it('turns form text into API values', () => {
    expect(parseAnswer('I01', 'yes', TODAY, FACTS)).toEqual({ ok: true, value: true });
    expect(parseAnswer('E10', 'no', TODAY, FACTS)).toEqual({ ok: true, value: false });
    expect(parseAnswer('childbearing-potential', 'no', TODAY, FACTS)).toEqual({ ok: true, value: false });
    expect(parseAnswer('consent-date', '2026-03-12', TODAY, FACTS)).toEqual({
      ok: true,
      value: '2026-03-12',
    });
    expect(parseAnswer('encephalopathy', 'grade-1-2', TODAY, FACTS)).toEqual({
      ok: true,
      value: 'grade-1-2',
    });
  });

  it('refuses what the server would refuse, saying what is expected', () => {
    expect(parseAnswer('I01', 'maybe', TODAY, FACTS)).toEqual({ ok: false, message: 'answer yes or no' });
    expect(parseAnswer('I01', '', TODAY, FACTS)).toEqual({ ok: false, message: 'choose an answer' });
    expect(parseAnswer('consent-date', '03/12/2026', TODAY, FACTS)).toEqual({
      ok: false,
      message: 'enter a date as YYYY-MM-DD',
    });
    expect(parseAnswer('consent-date', '2026-02-30', TODAY, FACTS).ok).toBe(false);
    expect(parseAnswer('consent-date', '2026-03-31', TODAY, FACTS)).toEqual({
      ok: false,
      message: '2026-03-31 is after today (2026-03-30)',
    });
    expect(parseAnswer('planned-mki', 'sorafenib', TODAY, FACTS)).toEqual({
      ok: false,
      message: 'choose one of cabozantinib, lenvatinib',
    });
    expect(parseAnswer('weight', '70', TODAY, FACTS)).toEqual({
      ok: false,
      message: 'unknown linkId "weight"',
    });
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
    expect(formatAnswer('I01', true, FACTS)).toBe('Yes');
    expect(formatAnswer('ascites', 'moderate-severe', FACTS)).toBe('Moderate to severe');
    expect(formatAnswer('consent-date', '2026-03-12', FACTS)).toBe('2026-03-12');
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

const criterion = (
  id: string,
  prompt?: string,
): Pick<CriterionDocument, 'id' | 'type' | 'title' | 'text' | 'attestation'> => ({
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
    const groups = questionnaireGroups(criteria, FACTS, ['I02']);
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
    const [inclusion, exclusion] = questionnaireGroups([], FACTS);
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
  const order = questionnaireGroups(criteria, FACTS).flatMap((g) => g.questions.map((q) => q.linkId));

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
      FACTS,
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
    expect(result.ok && answersSummary(result.answers, FACTS)).toBe(
      'consent-date = 2026-03-30, ascites = Mild',
    );
  });

  it('sends an unchanged answer again when only its comment changed, with no reason needed', () => {
    expect(answersToSave(given, { ascites: { comment: ' ultrasound and CT ' } }, TODAY, FACTS)).toEqual({
      ok: true,
      answers: [{ linkId: 'ascites', value: 'none', comment: 'ultrasound and CT' }],
      changing: [],
    });
    expect(answersToSave(given, { ascites: { comment: '' } }, TODAY, FACTS)).toEqual({
      ok: true,
      answers: [{ linkId: 'ascites', value: 'none' }],
      changing: [],
    });
    expect(answersToSave(given, { I01: { value: 'yes', comment: '' } }, TODAY, FACTS)).toEqual({
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
        FACTS,
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
