/**
 * Withdraw a subject from screening (POST /api/subjects/:id/withdraw) with the reason: the subject
 * stays on record, its screening data close, and it counts in the screening log as withdrawn. Only
 * before randomization — a randomized subject stays in the intention-to-treat set.
 */
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { post } from '../api.ts';
import { SubjectStatusBadge } from '../components/screening/badges.tsx';
import { describeError } from '../components/screening/errors.ts';
import { WithSubject } from '../components/subject/WithSubject.tsx';
import type { SubjectDetail } from '../contracts.ts';
import { canWithdraw } from '../lib/identity-correction.ts';

export default function SubjectWithdraw() {
  return <WithSubject>{(subject) => <WithdrawForm subject={subject} />}</WithSubject>;
}

function WithdrawForm({ subject }: { subject: SubjectDetail }) {
  const navigate = useNavigate();
  const formId = useId();
  const [reason, setReason] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const back = `/subjects/${subject.id}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('give the reason for the withdrawal');
      return;
    }
    setError(null);
    setBusy(true);
    setFailure(null);
    try {
      await post(`/api/subjects/${subject.id}/withdraw`, { version: subject.version, reason: reason.trim() });
      navigate(back, { state: { notice: `${subject.studyId} is withdrawn from screening.` } });
    } catch (e) {
      setFailure(describeError(e));
      setBusy(false);
    }
  };

  return (
    <article className="narrow-form">
      <p className="breadcrumb">
        <Link to="/subjects">Subjects</Link> / <Link to={back}>{subject.studyId}</Link> / Withdraw
      </p>
      <h1>Withdraw {subject.studyId} from screening</h1>
      <p>
        Status: <SubjectStatusBadge status={subject.status} />
      </p>
      {canWithdraw(subject) ? (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>
            The subject stays on record with everything entered so far; its screening data close and it counts
            as withdrawn in the screening log. This cannot be undone: a person who comes back is screened as a
            new subject.
          </p>
          <label htmlFor={`${formId}-reason`}>Reason for the withdrawal</label>
          <textarea
            id={`${formId}-reason`}
            rows={3}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${formId}-error` : undefined}
          />
          {error && (
            <p id={`${formId}-error`} className="field-error">
              {error}
            </p>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} /> I
            withdraw {subject.studyId} from screening
          </label>
          {failure && (
            <p role="alert" className="error">
              {failure}
            </p>
          )}
          <div className="actions">
            <button type="submit" disabled={busy || !confirmed}>
              {busy ? 'Withdrawing…' : 'Withdraw'}
            </button>{' '}
            <Link className="button secondary" to={back}>
              Cancel
            </Link>
          </div>
        </form>
      ) : (
        <p role="alert" className="error">
          {subject.status === 'randomized'
            ? `${subject.studyId} is randomized: it stays in the intention-to-treat set and is not withdrawn from screening.`
            : `${subject.studyId} is already withdrawn${subject.withdrawalReason ? `: ${subject.withdrawalReason}` : '.'}`}
        </p>
      )}
    </article>
  );
}
