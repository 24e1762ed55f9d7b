/**
 * Screening answers by linkId (criteria catalog, "The screening questionnaire"): a person's confirmation
 * of a criterion (yes / no), or one of the named facts (dates, Child-Pugh components, the planned
 * inhibitor…). POST /api/subjects/:id/attestations re-screens; changing an answer already given needs a
 * reason, asked for here before the server would refuse.
 */
import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiError, post } from '../../api.ts';
import {
  type AnswerValue,
  answerKindOf,
  changedLinkIds,
  formatAnswer,
  type GivenAnswer,
  inputOf,
  isCriterionLinkId,
  NAMED_FACTS,
  parseAnswer,
} from '../../lib/answers.ts';
import { isoDateIn } from '../../lib/subject-format.ts';
import type { ProtocolCriterion, ScreeningRun } from '../../lib/subject-types.ts';
import { describeError } from './errors.ts';
import { Time } from './Time.tsx';

const ALL_CRITERION_IDS = [
  ...Array.from({ length: 27 }, (_, i) => `I${String(i).padStart(2, '0')}`),
  ...Array.from({ length: 29 }, (_, i) => `E${String(i + 1).padStart(2, '0')}`),
];

/** The question a linkId asks, for labels and the answers table. */
export function questionOf(linkId: string, criteria: ReadonlyMap<string, ProtocolCriterion>): string {
  const fact = NAMED_FACTS.find((f) => f.linkId === linkId);
  if (fact) return `${fact.label} (${fact.criteria})`;
  const criterion = criteria.get(linkId);
  return criterion?.attestation
    ? `${linkId}: ${criterion.attestation.prompt}`
    : `${linkId}: ${criterion?.title ?? 'confirmation of the criterion'}`;
}

export function AnswersForm({
  subjectId,
  canEdit,
  readOnlyNote,
  criteria,
  given,
  onSaved,
}: {
  subjectId: string;
  canEdit: boolean;
  /** Said instead of the form when the user may not edit (null: say nothing). */
  readOnlyNote: string | null;
  criteria: ReadonlyMap<string, ProtocolCriterion>;
  given: ReadonlyMap<string, GivenAnswer>;
  onSaved: (result: ScreeningRun, summary: string) => void;
}) {
  const id = useId();
  const [linkId, setLinkId] = useState('');
  const [value, setValue] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ linkId?: string; value?: string; reason?: string; form?: string }>(
    {},
  );
  const [busy, setBusy] = useState(false);
  const [reasonRequired, setReasonRequired] = useState(false);

  // Criteria a person confirms (the protocol's attestation prompts); every criterion ID if the protocol is not loaded.
  const confirmable = useMemo(() => {
    const withPrompt = [...criteria.values()].filter((c) => c.attestation).map((c) => c.id);
    return withPrompt.length ? withPrompt : ALL_CRITERION_IDS;
  }, [criteria]);

  const kind = linkId ? answerKindOf(linkId) : null;
  const today = isoDateIn(new Date());
  const previous = linkId ? given.get(linkId) : undefined;
  const parsed = linkId && value ? parseAnswer(linkId, value, today) : null;
  const changing =
    parsed?.ok === true && changedLinkIds(given, [{ linkId, value: parsed.value as AnswerValue }]).length > 0;
  const needsReason = changing || reasonRequired;

  const selectQuestion = (next: string) => {
    setLinkId(next);
    const before = given.get(next);
    setValue(before ? inputOf(before.value) : '');
    setReason('');
    setReasonRequired(false);
    setErrors({});
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!linkId) found.linkId = 'choose a question';
    const result = linkId ? parseAnswer(linkId, value, today) : null;
    if (result && !result.ok) found.value = result.message;
    if (needsReason && !reason.trim()) found.reason = 'give the reason for changing the answer';
    setErrors(found);
    if (Object.keys(found).length || !result?.ok) return;
    if (previous && previous.value === result.value && !comment.trim()) {
      setErrors({ form: `${linkId} already has this answer (${formatAnswer(linkId, result.value)}).` });
      return;
    }
    setBusy(true);
    try {
      const saved = await post<ScreeningRun>(`/api/subjects/${subjectId}/attestations`, {
        answers: [{ linkId, value: result.value, ...(comment.trim() ? { comment: comment.trim() } : {}) }],
        ...(needsReason && reason.trim() ? { reason: reason.trim() } : {}),
      });
      const summary = `${linkId} = ${formatAnswer(linkId, result.value)}`;
      setLinkId('');
      setValue('');
      setComment('');
      setReason('');
      setReasonRequired(false);
      setErrors({});
      onSaved(saved, summary);
    } catch (e) {
      // The server has answers this page did not know of (entered meanwhile): it asks for a reason.
      if (e instanceof ApiError && e.fields.some((f) => f.path === 'reason')) {
        setReasonRequired(true);
        setErrors({ reason: 'this changes an answer already given: give the reason' });
      } else setErrors({ form: describeError(e) });
    } finally {
      setBusy(false);
    }
  };

  const answered = [...given.values()].sort((a, b) =>
    a.linkId.localeCompare(b.linkId, 'en', { numeric: true }),
  );
  const errorId = (field: string) => `${id}-${field}-error`;
  const fieldError = (field: 'linkId' | 'value' | 'reason') =>
    errors[field] ? (
      <p id={errorId(field)} role="alert" className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Screening answers</h3>
      {canEdit ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor={`${id}-linkid`}>Question</label>
          <select
            id={`${id}-linkid`}
            value={linkId}
            onChange={(e) => selectQuestion(e.target.value)}
            aria-invalid={errors.linkId ? true : undefined}
            aria-describedby={errors.linkId ? errorId('linkId') : undefined}
          >
            <option value="">Choose a question…</option>
            <optgroup label="Facts">
              {NAMED_FACTS.map((f) => (
                <option key={f.linkId} value={f.linkId}>
                  {f.label} ({f.linkId})
                </option>
              ))}
            </optgroup>
            <optgroup label="Confirmations of criteria">
              {confirmable.map((cid) => (
                <option key={cid} value={cid}>
                  {truncate(questionOf(cid, criteria), 90)}
                </option>
              ))}
            </optgroup>
          </select>
          {fieldError('linkId')}
          {linkId && isCriterionLinkId(linkId) && (
            <p className="muted">
              {questionOf(linkId, criteria)}. Yes: the requirement holds (for an exclusion: it does not
              apply). A confirmation never overrides data showing the criterion fails.
            </p>
          )}
          {previous && (
            <p className="muted">
              Current answer: <strong>{formatAnswer(linkId, previous.value)}</strong>, entered by{' '}
              {previous.by} <Time iso={previous.at} />.
            </p>
          )}
          {kind?.kind === 'boolean' && (
            <fieldset
              className="inline-choices"
              aria-invalid={errors.value ? true : undefined}
              aria-describedby={errors.value ? errorId('value') : undefined}
            >
              <legend>Answer</legend>
              {(['yes', 'no'] as const).map((choice) => (
                <label key={choice} className="choice">
                  <input
                    type="radio"
                    name={`${id}-value`}
                    value={choice}
                    checked={value === choice}
                    onChange={() => setValue(choice)}
                  />
                  {choice === 'yes' ? 'Yes' : 'No'}
                </label>
              ))}
            </fieldset>
          )}
          {kind?.kind === 'date' && (
            <>
              <label htmlFor={`${id}-value`}>Answer (date, YYYY-MM-DD)</label>
              <input
                id={`${id}-value`}
                type="text"
                inputMode="numeric"
                placeholder="YYYY-MM-DD"
                autoComplete="off"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={errors.value ? true : undefined}
                aria-describedby={errors.value ? errorId('value') : undefined}
              />
            </>
          )}
          {kind?.kind === 'code' && (
            <>
              <label htmlFor={`${id}-value`}>Answer</label>
              <select
                id={`${id}-value`}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                aria-invalid={errors.value ? true : undefined}
                aria-describedby={errors.value ? errorId('value') : undefined}
              >
                <option value="">Choose…</option>
                {kind.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </>
          )}
          {fieldError('value')}
          {linkId && (
            <>
              <label htmlFor={`${id}-comment`}>Comment (optional)</label>
              <textarea
                id={`${id}-comment`}
                rows={2}
                maxLength={2000}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </>
          )}
          {needsReason && (
            <>
              <label htmlFor={`${id}-reason`}>Reason for changing the answer</label>
              <textarea
                id={`${id}-reason`}
                rows={2}
                maxLength={2000}
                required
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  if (errors.reason && e.target.value.trim()) setErrors({ ...errors, reason: undefined });
                }}
                aria-invalid={errors.reason ? true : undefined}
                aria-describedby={errors.reason ? errorId('reason') : undefined}
              />
              {fieldError('reason')}
            </>
          )}
          {errors.form && (
            <p role="alert" className="error">
              {errors.form}
            </p>
          )}
          <p>
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save answer'}
            </button>
          </p>
        </form>
      ) : (
        readOnlyNote && <p className="muted">{readOnlyNote}</p>
      )}
      <h4>Answers entered in trialkit</h4>
      {answered.length === 0 ? (
        <p className="muted">None yet (answers in uploaded questionnaires are read from the FHIR data).</p>
      ) : (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Question</th>
                <th scope="col">Answer</th>
                <th scope="col">Entered</th>
              </tr>
            </thead>
            <tbody>
              {answered.map((a) => (
                <tr key={a.linkId}>
                  <td>{questionOf(a.linkId, criteria)}</td>
                  <td>{formatAnswer(a.linkId, a.value)}</td>
                  <td>
                    <Time iso={a.at} /> by {a.by}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const truncate = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
