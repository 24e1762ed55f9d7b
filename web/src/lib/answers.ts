/**
 * The screening questionnaire's linkIds (criteria catalog, "The screening questionnaire"; the server's
 * src/store/linkids.ts): which input each needs, how the form's text becomes the API's value, which
 * answers were given before — so that changing one asks for a reason, as the server requires — and the
 * whole questionnaire as one form grouped like the checklist, of which only the changed answers are sent.
 * The named facts, their codes and labels are the protocol's (GET /api/protocol `questionnaire`).
 */
import type {
  AnswerInForce,
  AttestationsBody,
  CriterionDocument,
  ProtocolDocument,
  Questionnaire,
} from '../contracts.ts';

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
  /** The criteria the fact decides, as shown beside the question ("I23, I25, E28", "E18 and the stratum"). */
  criteria: string;
  /** The first criterion it decides: the question stands before it in the form. */
  first: string;
  answer: AnswerKind;
  /** A date for which today is a likely answer: the form offers a "Today" button. */
  offerToday?: boolean;
}

/**
 * The facts FHIR has no standard place for, in the protocol's order, as the form asks them; none until
 * the protocol is loaded. A fact that is also a stratification factor says it decides the stratum.
 */
export function namedFactsOf(
  protocol:
    | (Pick<ProtocolDocument, 'stratification'> & { questionnaire: Pick<Questionnaire, 'items'> })
    | null,
): NamedFact[] {
  const factors = new Set((protocol?.stratification ?? []).map((f) => f.id));
  return (protocol?.questionnaire?.items ?? []).map((item) => ({
    linkId: item.linkId,
    label: item.label,
    criteria: `${item.decides.join(', ')}${factors.has(item.linkId) ? ' and the stratum' : ''}`,
    first: item.decides[0] ?? 'E99',
    answer:
      item.kind === 'code'
        ? { kind: 'code', options: (item.answers ?? []).map((a) => ({ value: a.code, label: a.label })) }
        : { kind: item.kind },
    ...(item.offerToday ? { offerToday: true } : {}),
  }));
}

/** I00 … I26 and E01 … E29: a person's confirmation of that criterion (yes / no). */
const CRITERION_ID = /^(I(0\d|1\d|2[0-6])|E(0[1-9]|1\d|2\d))$/;

export const isCriterionLinkId = (linkId: string): boolean => CRITERION_ID.test(linkId);

export function answerKindOf(linkId: string, facts: readonly NamedFact[]): AnswerKind | null {
  if (isCriterionLinkId(linkId)) return { kind: 'boolean' };
  return facts.find((f) => f.linkId === linkId)?.answer ?? null;
}

/** An answer's value as the API takes and gives it: yes/no as a boolean, a date or a code as text. */
export type AnswerValue = AnswerInForce['value']['value'];

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
export function parseAnswer(linkId: string, raw: string, today: string, facts: readonly NamedFact[]): Parsed {
  const kind = answerKindOf(linkId, facts);
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
export function formatAnswer(linkId: string, value: AnswerValue, facts: readonly NamedFact[]): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const kind = answerKindOf(linkId, facts);
  if (kind?.kind === 'code') return kind.options.find((o) => o.value === value)?.label ?? value;
  return value;
}

/** An answer in force: its value, the comment that came with it, when and by whom it was entered. */
export interface GivenAnswer {
  linkId: string;
  value: AnswerValue;
  comment: string | null;
  at: string;
  by: string;
}

/** The answers in force (GET /api/subjects/:id/answers) as the form reads them. */
export function answersInForce(rows: readonly AnswerInForce[]): Map<string, GivenAnswer> {
  return new Map(
    rows.map((r) => [
      r.linkId,
      { linkId: r.linkId, value: r.value.value, comment: r.comment, at: r.answeredAt, by: r.answeredBy },
    ]),
  );
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

/** One question of the form: the linkId it answers, the criteria it concerns, its words and its input. */
export interface Question {
  linkId: string;
  /** The criterion IDs the answer concerns, as shown beside the question ("I07", "I23, I25, E28"). */
  criteria: string;
  text: string;
  answer: AnswerKind;
  offerToday: boolean;
}

export interface QuestionGroup {
  type: CriterionDocument['type'];
  title: string;
  questions: Question[];
}

/** Every criterion ID, for when the protocol (with its attestation prompts) is not loaded. */
const ALL_CRITERION_IDS = [
  ...Array.from({ length: 27 }, (_, i) => `I${String(i).padStart(2, '0')}`),
  ...Array.from({ length: 29 }, (_, i) => `E${String(i + 1).padStart(2, '0')}`),
];

const byCriterionId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The questionnaire as the checklist groups criteria: inclusion, then exclusion, in criterion-ID order.
 * A criterion is asked when the protocol gives it an attestation prompt (or an answer to it was given
 * anyway); each named fact stands before the first criterion it decides (consent date before I00's …).
 */
export function questionnaireGroups(
  criteria: readonly Pick<CriterionDocument, 'id' | 'type' | 'title' | 'attestation'>[],
  facts: readonly NamedFact[],
  given: Iterable<string> = [],
): QuestionGroup[] {
  const known = new Map(criteria.map((c) => [c.id, c]));
  const answered = new Set(given);
  const prompted = criteria.filter((c) => c.attestation).map((c) => c.id);
  const ids = new Set(prompted.length ? prompted : ALL_CRITERION_IDS);
  for (const linkId of answered) if (isCriterionLinkId(linkId)) ids.add(linkId);
  const entries: { key: string; question: Question }[] = [];
  for (const id of ids) {
    const c = known.get(id);
    entries.push({
      key: `${id}~1`,
      question: {
        linkId: id,
        criteria: id,
        text: c?.attestation?.prompt ?? c?.title ?? 'Confirmation of the criterion',
        answer: { kind: 'boolean' },
        offerToday: false,
      },
    });
  }
  for (const f of facts) {
    entries.push({
      key: `${f.first}~0`,
      question: {
        linkId: f.linkId,
        criteria: f.criteria,
        text: f.label,
        answer: f.answer,
        offerToday: f.offerToday ?? false,
      },
    });
  }
  entries.sort((a, b) => byCriterionId(a.key, b.key));
  const typeOf = (key: string) =>
    known.get(key.slice(0, 3))?.type ?? (key.startsWith('E') ? 'exclusion' : 'inclusion');
  return (['inclusion', 'exclusion'] as const).map((type) => ({
    type,
    title: type === 'inclusion' ? 'Inclusion criteria' : 'Exclusion criteria',
    questions: entries.filter((e) => typeOf(e.key) === type).map((e) => e.question),
  }));
}

/** What the user changed in one question: the answer's text, the comment, or both. */
export interface AnswerEdit {
  value?: string;
  comment?: string;
}

/** One answer of POST /api/subjects/:id/attestations. */
export type AnswerToSend = AttestationsBody['answers'][number];

export type AnswersToSave =
  | {
      ok: true;
      /** Only the questions whose answer or comment changed, in questionnaire order. */
      answers: AnswerToSend[];
      /** Those that change an answer already given: the save needs a reason. */
      changing: string[];
    }
  | { ok: false; errors: Record<string, string> };

/**
 * The body's answers for what the user edited, or the problems by linkId. A comment goes with its
 * answer (sending an answer without one clears it), so an unchanged answer whose comment changed is
 * sent again with the new comment. An answer given cannot be taken back, only changed.
 */
export function answersToSave(
  given: ReadonlyMap<string, GivenAnswer>,
  edits: Readonly<Record<string, AnswerEdit>>,
  today: string,
  facts: readonly NamedFact[],
  order: readonly string[] = [],
): AnswersToSave {
  const errors: Record<string, string> = {};
  const answers: AnswerToSend[] = [];
  const position = (linkId: string) => {
    const i = order.indexOf(linkId);
    return i < 0 ? order.length : i;
  };
  const linkIds = Object.keys(edits).sort((a, b) => position(a) - position(b));
  for (const linkId of linkIds) {
    const edit = edits[linkId] ?? {};
    const before = given.get(linkId);
    const text = (edit.value ?? (before ? inputOf(before.value) : '')).trim();
    const comment = (edit.comment ?? before?.comment ?? '').trim();
    if (text === '') {
      if (before) errors[linkId] = 'an answer given cannot be taken back: choose the new answer';
      else if (comment) errors[linkId] = 'answer the question to keep a comment with it';
      continue;
    }
    const parsed = parseAnswer(linkId, text, today, facts);
    if (!parsed.ok) {
      errors[linkId] = parsed.message;
      continue;
    }
    if (before && before.value === parsed.value && comment === (before.comment ?? '')) continue;
    answers.push({ linkId, value: parsed.value, ...(comment ? { comment } : {}) });
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, answers, changing: changedLinkIds(given, answers) };
}

/** "I01 = Yes, consent-date = 2026-03-30": what a save sent, for the page's notice. */
export const answersSummary = (answers: readonly AnswerToSend[], facts: readonly NamedFact[]): string =>
  answers.map((a) => `${a.linkId} = ${formatAnswer(a.linkId, a.value, facts)}`).join(', ');
