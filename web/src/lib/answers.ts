/**
 * The screening questionnaire's linkIds (criteria catalog, "The screening questionnaire"; the server's
 * src/store/linkids.ts): which input each needs, how the form's text becomes the API's value, and which
 * answers were given before — so that changing one asks for a reason, as the server requires.
 */
import type { AuditEvent } from './subject-types.ts';

export interface CodeOption {
  value: string;
  label: string;
}

export type AnswerKind =
  | { kind: 'boolean' }
  | { kind: 'date' }
  | { kind: 'code'; options: readonly CodeOption[] };

export interface NamedFact {
  linkId: string;
  label: string;
  /** The criteria the fact decides. */
  criteria: string;
  answer: AnswerKind;
}

/** The facts FHIR has no standard place for, in catalog order. */
export const NAMED_FACTS: readonly NamedFact[] = [
  {
    linkId: 'consent-date',
    label: 'Date written informed consent was signed',
    criteria: 'I00',
    answer: { kind: 'date' },
  },
  {
    linkId: 'hcc-diagnosis-basis',
    label: 'Basis of the HCC diagnosis',
    criteria: 'I03',
    answer: {
      kind: 'code',
      options: [
        { value: 'histology', label: 'Histology' },
        { value: 'cytology', label: 'Cytology' },
        { value: 'clinical-aasld', label: 'Clinical (AASLD criteria)' },
        { value: 'clinical-wasl', label: 'Clinical (WASL 2018 criteria)' },
      ],
    },
  },
  {
    linkId: 'first-line-progression-date',
    label: 'Date of progression on first-line atezolizumab + bevacizumab',
    criteria: 'I05',
    answer: { kind: 'date' },
  },
  {
    linkId: 'ascites',
    label: 'Ascites (Child-Pugh)',
    criteria: 'I07',
    answer: {
      kind: 'code',
      options: [
        { value: 'none', label: 'None' },
        { value: 'mild', label: 'Mild' },
        { value: 'moderate-severe', label: 'Moderate to severe' },
      ],
    },
  },
  {
    linkId: 'encephalopathy',
    label: 'Hepatic encephalopathy (Child-Pugh)',
    criteria: 'I07',
    answer: {
      kind: 'code',
      options: [
        { value: 'none', label: 'None' },
        { value: 'grade-1-2', label: 'Grade 1–2' },
        { value: 'grade-3-4', label: 'Grade 3–4' },
      ],
    },
  },
  {
    linkId: 'childbearing-potential',
    label: 'Of childbearing potential',
    criteria: 'I23, I25, E28',
    answer: { kind: 'boolean' },
  },
  {
    linkId: 'planned-mki',
    label: 'Planned multi-kinase inhibitor',
    criteria: 'E18 and the stratum',
    answer: {
      kind: 'code',
      options: [
        { value: 'cabozantinib', label: 'Cabozantinib' },
        { value: 'lenvatinib', label: 'Lenvatinib' },
      ],
    },
  },
];

/** I00 … I26 and E01 … E29: a person's confirmation of that criterion (yes / no). */
const CRITERION_ID = /^(I(0\d|1\d|2[0-6])|E(0[1-9]|1\d|2\d))$/;

export const isCriterionLinkId = (linkId: string): boolean => CRITERION_ID.test(linkId);

export function answerKindOf(linkId: string): AnswerKind | null {
  if (isCriterionLinkId(linkId)) return { kind: 'boolean' };
  return NAMED_FACTS.find((f) => f.linkId === linkId)?.answer ?? null;
}

export type AnswerValue = boolean | string;

export type Parsed = { ok: true; value: AnswerValue } | { ok: false; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * The form's text for `linkId` as the API's value: "yes"/"no" → true/false, dates YYYY-MM-DD not
 * after `today` (consent and progression have happened), codes from the linkId's list.
 */
export function parseAnswer(linkId: string, raw: string, today: string): Parsed {
  const kind = answerKindOf(linkId);
  const text = raw.trim();
  if (!kind) return { ok: false, message: `unknown linkId "${linkId}"` };
  if (text === '') return { ok: false, message: 'choose an answer' };
  switch (kind.kind) {
    case 'boolean':
      if (text === 'yes') return { ok: true, value: true };
      if (text === 'no') return { ok: true, value: false };
      return { ok: false, message: 'answer yes or no' };
    case 'date':
      if (!isIsoDate(text)) return { ok: false, message: 'enter a date as YYYY-MM-DD' };
      if (text > today) return { ok: false, message: `${text} is after today (${today})` };
      return { ok: true, value: text };
    case 'code':
      if (!kind.options.some((o) => o.value === text))
        return { ok: false, message: `choose one of ${kind.options.map((o) => o.value).join(', ')}` };
      return { ok: true, value: text };
  }
}

/** The API's value back as the form's text. */
export const inputOf = (value: AnswerValue): string =>
  typeof value === 'boolean' ? (value ? 'yes' : 'no') : value;

/** An answer for reading: Yes / No, the date, or the code's label. */
export function formatAnswer(linkId: string, value: AnswerValue): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const kind = answerKindOf(linkId);
  if (kind?.kind === 'code') return kind.options.find((o) => o.value === value)?.label ?? value;
  return value;
}

/** The value of a stored answer (`{ kind, value }`, as the audit trail records it), or a plain value. */
function answerValueOf(stored: unknown): AnswerValue | null {
  if (typeof stored === 'boolean' || typeof stored === 'string') return stored;
  if (stored && typeof stored === 'object' && 'value' in stored) {
    const value = (stored as { value: unknown }).value;
    if (typeof value === 'boolean' || typeof value === 'string') return value;
  }
  return null;
}

export interface GivenAnswer {
  linkId: string;
  value: AnswerValue;
  at: string;
  by: string;
}

/**
 * The answers entered in trialkit, newest per linkId, read from the subject's audit trail
 * (`attestation.record` events carry `{ [linkId]: { before, after } }`). Answers inside uploaded FHIR
 * questionnaires are not here: the server compares a new answer only with earlier entered ones.
 */
export function givenAnswers(events: readonly AuditEvent[]): Map<string, GivenAnswer> {
  const answers = new Map<string, GivenAnswer>();
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  for (const event of ordered) {
    if (event.action !== 'attestation.record') continue;
    for (const [linkId, change] of Object.entries(event.changes)) {
      const value = answerValueOf(change.after);
      if (value !== null) answers.set(linkId, { linkId, value, at: event.occurred_at, by: event.actor });
    }
  }
  return answers;
}

/** The linkIds among `answers` that change an answer already given: those need a reason. */
export function changedLinkIds(
  previous: ReadonlyMap<string, GivenAnswer>,
  answers: readonly { linkId: string; value: AnswerValue }[],
): string[] {
  return answers
    .filter((a) => {
      const before = previous.get(a.linkId);
      return before !== undefined && before.value !== a.value;
    })
    .map((a) => a.linkId);
}
