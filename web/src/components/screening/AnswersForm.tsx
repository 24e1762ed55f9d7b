/**
 * The screening questionnaire (criteria catalog, "The screening questionnaire") as one form: every
 * question — a person's confirmation of a criterion (yes / no) or one of the named facts (dates,
 * Child-Pugh components, the planned inhibitor…) — grouped inclusion / exclusion like the checklist,
 * each with its current answer and comment. The user changes what they need and saves once: only the
 * changed answers go in one POST /api/subjects/:id/attestations, which re-screens once. Changing an
 * answer already given needs one reason, asked for (naming those questions) only then.
 */
import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiError, post } from '../../api.ts';
import type { CriterionDocument, ScreeningRun } from '../../contracts.ts';
import {
  type AnswerEdit,
  answersSummary,
  answersToSave,
  changedLinkIds,
  formatAnswer,
  type GivenAnswer,
  inputOf,
  type NamedFact,
  parseAnswer,
  type Question,
  questionnaireGroups,
} from '../../lib/answers.ts';
import { useToday } from '../../session.tsx';
import { DateInput } from '../DateInput.tsx';
import { AnswersTable } from './AnswersTable.tsx';
import { describeError } from './errors.ts';
import { Time } from './Time.tsx';

export function AnswersForm({
  subjectId,
  canEdit,
  readOnlyNote,
  criteria,
  facts,
  given,
  onSaved,
}: {
  subjectId: string;
  canEdit: boolean;
  /** Said instead of the form when the user may not edit (null: say nothing). */
  readOnlyNote: string | null;
  criteria: ReadonlyMap<string, CriterionDocument>;
  /** The protocol's named facts (namedFactsOf GET /api/protocol); none until it is loaded. */
  facts: readonly NamedFact[];
  /**
   * The answers in force, by linkId: the one source of current answers (today read from the audit
   * answers in force, GET /api/subjects/:id/answers, through answersInForce).
   */
  given: ReadonlyMap<string, GivenAnswer>;
  onSaved: (result: ScreeningRun, summary: string) => void;
}) {
  const id = useId();
  const today = useToday();
  const [edits, setEdits] = useState<Record<string, AnswerEdit>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  // The server knew of answers this page did not (entered meanwhile) and asks for a reason.
  const [reasonRequired, setReasonRequired] = useState(false);
  const [busy, setBusy] = useState(false);

  const groups = useMemo(
    () => questionnaireGroups([...criteria.values()], facts, given.keys()),
    [criteria, facts, given],
  );
  const order = useMemo(() => groups.flatMap((g) => g.questions.map((q) => q.linkId)), [groups]);

  const textOf = (linkId: string) => {
    const before = given.get(linkId);
    return edits[linkId]?.value ?? (before ? inputOf(before.value) : '');
  };
  const commentOf = (linkId: string) => edits[linkId]?.comment ?? given.get(linkId)?.comment ?? '';
  const isChanged = (linkId: string) => {
    const before = given.get(linkId);
    return (
      textOf(linkId).trim() !== (before ? inputOf(before.value) : '') ||
      commentOf(linkId).trim() !== (before?.comment ?? '')
    );
  };
  const changed = order.filter((linkId) => linkId in edits && isChanged(linkId));
  // What changes an answer already given, of what can be read so far: those need the reason.
  const changing = changedLinkIds(
    given,
    Object.keys(edits).flatMap((linkId) => {
      const parsed = parseAnswer(linkId, textOf(linkId), today, facts);
      return parsed.ok ? [{ linkId, value: parsed.value }] : [];
    }),
  );
  const needsReason = changing.length > 0 || reasonRequired;

  const edit = (linkId: string, change: AnswerEdit) => {
    setEdits((all) => ({ ...all, [linkId]: { ...all[linkId], ...change } }));
    if (errors[linkId]) {
      const { [linkId]: _, ...rest } = errors;
      setErrors(rest);
    }
    setFormError(null);
  };

  const discard = () => {
    setEdits({});
    setErrors({});
    setFormError(null);
    setReason('');
    setReasonError(null);
    setReasonRequired(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = answersToSave(given, edits, today, facts, order);
    if (!result.ok) {
      setErrors(result.errors);
      setFormError(`Check the answers marked below (${Object.keys(result.errors).join(', ')}).`);
      return;
    }
    if (result.answers.length === 0) {
      setFormError('Nothing changed: change an answer or a comment first.');
      return;
    }
    const withReason = result.changing.length > 0 || reasonRequired;
    if (withReason && !reason.trim()) {
      setReasonError('give the reason for changing the answers already given');
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const saved = await post<ScreeningRun>(`/api/subjects/${subjectId}/attestations`, {
        answers: result.answers,
        ...(withReason ? { reason: reason.trim() } : {}),
      });
      discard();
      onSaved(saved, answersSummary(result.answers, facts));
    } catch (e) {
      if (e instanceof ApiError && e.fields.some((f) => f.path === 'reason')) {
        setReasonRequired(true);
        setReasonError('this changes an answer already given (entered meanwhile): give the reason');
      } else if (e instanceof ApiError && e.fields.some((f) => /^(body\.)?answers\.\d+/.test(f.path))) {
        // The server names answers by their place in the body: back to their linkIds.
        const byLinkId: Record<string, string> = {};
        for (const f of e.fields) {
          const index = /answers\.(\d+)/.exec(f.path)?.[1];
          const linkId = index === undefined ? undefined : result.answers[Number(index)]?.linkId;
          if (linkId) byLinkId[linkId] = f.message;
        }
        setErrors(byLinkId);
        setFormError(describeError(e));
      } else setFormError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  if (!canEdit)
    return (
      <section className="panel questionnaire" aria-labelledby={`${id}-heading`}>
        <h3 id={`${id}-heading`}>Screening questionnaire</h3>
        {readOnlyNote && <p className="muted">{readOnlyNote}</p>}
        <AnswersTable given={given} groups={groups} facts={facts} />
      </section>
    );

  return (
    <section className="panel questionnaire" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Screening questionnaire</h3>
      <p className="muted">
        Every question, grouped like the checklist, with its current answer. Change what you need and save
        once: only the changed answers are sent, and the subject is screened again. A confirmation (Yes) means
        the requirement holds — for an exclusion, that it does not apply — and never overrides data showing
        the criterion fails. Answers in uploaded FHIR questionnaires are read from the data.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {groups.map((group) => (
          <section key={group.type} className="question-group" aria-labelledby={`${id}-${group.type}`}>
            <h4 id={`${id}-${group.type}`}>
              {group.title}{' '}
              <span className="muted">
                ({group.questions.filter((q) => given.has(q.linkId)).length} of {group.questions.length}{' '}
                answered)
              </span>
            </h4>
            <ul className="questions">
              {group.questions.map((q) => (
                <QuestionRow
                  key={q.linkId}
                  formId={id}
                  question={q}
                  before={given.get(q.linkId)}
                  text={textOf(q.linkId)}
                  comment={commentOf(q.linkId)}
                  changed={changed.includes(q.linkId)}
                  error={errors[q.linkId]}
                  today={today}
                  facts={facts}
                  onEdit={(change) => edit(q.linkId, change)}
                />
              ))}
            </ul>
          </section>
        ))}
        {needsReason && (
          <div className="reason-field">
            <label htmlFor={`${id}-reason`}>
              Reason for changing {changing.length ? `the answers to ${changing.join(', ')}` : 'the answers'}
            </label>
            <textarea
              id={`${id}-reason`}
              rows={2}
              maxLength={2000}
              required
              value={reason}
              onChange={(e) => {
                setReason(e.target.value);
                if (e.target.value.trim()) setReasonError(null);
              }}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={reasonError ? `${id}-reason-error` : undefined}
            />
            {reasonError && (
              <p id={`${id}-reason-error`} role="alert" className="field-error">
                {reasonError}
              </p>
            )}
          </div>
        )}
        {formError && (
          <p role="alert" className="error">
            {formError}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save answers'}
          </button>
          <button type="button" className="secondary" onClick={discard} disabled={busy || !changed.length}>
            Discard changes
          </button>
          <span className="muted" aria-live="polite">
            {changed.length === 0
              ? 'No changes.'
              : `${changed.length} ${changed.length === 1 ? 'question' : 'questions'} to save: ${changed.join(', ')}.`}
          </span>
        </div>
      </form>
    </section>
  );
}

function QuestionRow({
  formId,
  question: q,
  before,
  text,
  comment,
  changed,
  error,
  today,
  facts,
  onEdit,
}: {
  formId: string;
  question: Question;
  before: GivenAnswer | undefined;
  text: string;
  comment: string;
  changed: boolean;
  error: string | undefined;
  today: string;
  facts: readonly NamedFact[];
  onEdit: (change: AnswerEdit) => void;
}) {
  const base = `${formId}-${q.linkId}`;
  // Open from the start when there is a comment; then as the user leaves it (clearing it keeps it open).
  const [showComment, setShowComment] = useState(Boolean(comment));
  const labelId = `${base}-label`;
  const describedBy = [`${base}-current`, error ? `${base}-error` : ''].filter(Boolean).join(' ');
  return (
    <li className={`question${changed ? ' question-changed' : ''}${error ? ' question-invalid' : ''}`}>
      <div className="question-text">
        <p id={labelId}>
          <span className="question-ids">{q.criteria}</span> {q.text}
          {q.linkId !== q.criteria && <span className="muted"> ({q.linkId})</span>}
        </p>
        <p id={`${base}-current`} className="current-answer">
          {before ? (
            <>
              Current answer: <strong>{formatAnswer(q.linkId, before.value, facts)}</strong>{' '}
              <span className="muted">
                ({before.by}, <Time iso={before.at} />)
              </span>
              {before.comment && <span className="answer-comment">Comment: “{before.comment}”</span>}
            </>
          ) : (
            <span className="muted">Not answered in trialkit.</span>
          )}
          {changed && <span className="badge change-badge">changed</span>}
        </p>
      </div>
      <div className="question-input">
        {q.answer.kind === 'boolean' && (
          <div
            role="radiogroup"
            aria-labelledby={labelId}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            className="inline-choices"
          >
            {(['yes', 'no'] as const).map((choice) => (
              <label key={choice} className="choice">
                <input
                  type="radio"
                  name={`${base}-value`}
                  value={choice}
                  checked={text === choice}
                  onChange={() => onEdit({ value: choice })}
                />
                {choice === 'yes' ? 'Yes' : 'No'}
              </label>
            ))}
          </div>
        )}
        {q.answer.kind === 'date' && (
          <DateInput
            id={`${base}-value`}
            label={q.text}
            max={today}
            offerToday={q.offerToday}
            value={text}
            onChange={(value) => onEdit({ value })}
            invalid={Boolean(error)}
            labelledBy={labelId}
            describedBy={describedBy}
          />
        )}
        {q.answer.kind === 'code' && (
          <select
            id={`${base}-value`}
            aria-labelledby={labelId}
            aria-describedby={describedBy}
            value={text}
            onChange={(e) => onEdit({ value: e.target.value })}
            aria-invalid={error ? true : undefined}
          >
            <option value="">Not answered</option>
            {q.answer.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        )}
        <details
          className="comment-field"
          open={showComment}
          onToggle={(e) => setShowComment(e.currentTarget.open)}
        >
          <summary>Comment</summary>
          <textarea
            aria-label={`Comment on ${q.linkId}`}
            rows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => onEdit({ comment: e.target.value })}
          />
        </details>
        {error && (
          <p id={`${base}-error`} role="alert" className="field-error">
            {error}
          </p>
        )}
      </div>
    </li>
  );
}
