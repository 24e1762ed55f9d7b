import { describe, expect, it } from 'vitest';
import {
  answerKindOf,
  changedLinkIds,
  formatAnswer,
  givenAnswers,
  inputOf,
  isCriterionLinkId,
  isIsoDate,
  NAMED_FACTS,
  parseAnswer,
} from './answers.ts';
import type { AuditEvent } from './subject-types.ts';

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

const event = (seq: number, action: string, changes: AuditEvent['changes'], actor = 'coord'): AuditEvent => ({
  seq,
  occurred_at: `2026-03-${String(seq).padStart(2, '0')}T10:00:00.000Z`,
  actor_id: null,
  actor,
  role: 'coordinator',
  site_id: 'mayo-clinic-in-rochester',
  action,
  entity_type: 'attestation',
  entity_id: `a${seq}`,
  subject_id: 's1',
  changes,
  reason: null,
  request_id: null,
  sha256: '0'.repeat(64),
});

describe('answers already given', () => {
  // Out of order: the newest answer per linkId is by audit sequence, not by array position.
  const events = [
    event(3, 'attestation.record', {
      ascites: { before: { kind: 'code', value: 'none' }, after: { kind: 'code', value: 'mild' } },
    }),
    event(1, 'attestation.record', { ascites: { before: null, after: { kind: 'code', value: 'none' } } }),
    event(2, 'attestation.record', { I01: { before: null, after: { kind: 'boolean', value: true } } }, 'inv'),
    event(4, 'screening.run', { overall: { before: null, after: 'eligible' } }),
  ];

  it('are the newest entered answer per linkId, from the audit trail', () => {
    const given = givenAnswers(events);
    expect([...given.keys()].sort()).toEqual(['I01', 'ascites']);
    expect(given.get('ascites')).toMatchObject({ value: 'mild', at: '2026-03-03T10:00:00.000Z' });
    expect(given.get('I01')).toMatchObject({ value: true, by: 'inv' });
  });

  it('need a reason only when a new answer differs from one given', () => {
    const given = givenAnswers(events);
    expect(changedLinkIds(given, [{ linkId: 'ascites', value: 'mild' }])).toEqual([]);
    expect(changedLinkIds(given, [{ linkId: 'ascites', value: 'none' }])).toEqual(['ascites']);
    expect(changedLinkIds(given, [{ linkId: 'I01', value: false }])).toEqual(['I01']);
    expect(changedLinkIds(given, [{ linkId: 'E10', value: true }])).toEqual([]);
  });
});
