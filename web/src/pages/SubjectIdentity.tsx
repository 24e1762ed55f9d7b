/**
 * Correct a subject's identity (initials, birth date, sex) with the reason — PATCH /api/subjects/:id.
 * The server compares the corrected identity with the patient of the uploaded records: a difference is
 * shown with both values, and a person may confirm, with a reason, that it is the same patient. Refused
 * once the subject is randomized (its identity is then fixed).
 */
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { patch } from '../api.ts';
import { DateInput } from '../components/DateInput.tsx';
import { describeError } from '../components/screening/errors.ts';
import { IdentityMismatchNotice } from '../components/subject/IdentityMismatch.tsx';
import { WithSubject } from '../components/subject/WithSubject.tsx';
import { type IdentityMismatch, SEXES, type SubjectDetail } from '../contracts.ts';
import { identityMismatchesOf } from '../lib/identity.ts';
import { type IdentityField, type IdentityInput, identityCorrection } from '../lib/identity-correction.ts';
import { SEX_LABEL } from '../lib/subject-format.ts';
import { useToday } from '../session.tsx';

export default function SubjectIdentity() {
  return <WithSubject>{(subject) => <IdentityForm subject={subject} />}</WithSubject>;
}

function IdentityForm({ subject }: { subject: SubjectDetail }) {
  const navigate = useNavigate();
  const today = useToday();
  const formId = useId();
  const [input, setInput] = useState<IdentityInput>({
    initials: subject.initials,
    birthDate: subject.birthDate,
    sex: subject.sex,
    reason: '',
  });
  const [errors, setErrors] = useState<Partial<Record<IdentityField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [mismatches, setMismatches] = useState<IdentityMismatch[] | null>(null);
  const [busy, setBusy] = useState(false);

  const back = `/subjects/${subject.id}`;
  const send = async (identityMismatchReason?: string) => {
    const { errors: found, body } = identityCorrection(subject, input, today);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    setFailure(null);
    try {
      await patch(`/api/subjects/${subject.id}`, {
        ...body,
        ...(identityMismatchReason ? { identityMismatchReason } : {}),
      });
      navigate(back, { state: { notice: `The identity of ${subject.studyId} was corrected.` } });
    } catch (e) {
      const refused = identityMismatchesOf(e);
      if (refused) setMismatches(refused);
      else setFailure(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatches(null);
    void send();
  };
  const set = (field: IdentityField, value: string) => {
    setInput({ ...input, [field]: value });
    setMismatches(null);
  };
  const fieldError = (field: IdentityField) =>
    errors[field] && (
      <p id={`${formId}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    );
  const describedBy = (field: IdentityField) => (errors[field] ? `${formId}-${field}-error` : undefined);

  return (
    <article className="narrow-form">
      <p className="breadcrumb">
        <Link to="/subjects">Subjects</Link> / <Link to={back}>{subject.studyId}</Link> / Identity
      </p>
      <h1>Correct the identity of {subject.studyId}</h1>
      {subject.status === 'randomized' ? (
        <p role="alert" className="error">
          {subject.studyId} is randomized: its identity is fixed. Contact the data manager.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p className="muted">
            Now: {subject.initials}, born {subject.birthDate}, {SEX_LABEL[subject.sex] ?? subject.sex}. The
            uploaded records must still be about this person.
          </p>
          <label htmlFor={`${formId}-initials`}>Initials</label>
          <input
            id={`${formId}-initials`}
            value={input.initials}
            maxLength={8}
            autoComplete="off"
            onChange={(e) => set('initials', e.target.value)}
            aria-invalid={errors.initials ? true : undefined}
            aria-describedby={describedBy('initials')}
          />
          {fieldError('initials')}
          <label htmlFor={`${formId}-birth`}>Birth date</label>
          <DateInput
            id={`${formId}-birth`}
            label="Birth date"
            max={today}
            value={input.birthDate}
            onChange={(value) => set('birthDate', value)}
            invalid={Boolean(errors.birthDate)}
            describedBy={describedBy('birthDate')}
          />
          {fieldError('birthDate')}
          <label htmlFor={`${formId}-sex`}>Sex</label>
          <select
            id={`${formId}-sex`}
            value={input.sex}
            onChange={(e) => set('sex', e.target.value)}
            aria-invalid={errors.sex ? true : undefined}
            aria-describedby={describedBy('sex')}
          >
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {SEX_LABEL[s] ?? s}
              </option>
            ))}
          </select>
          {fieldError('sex')}
          <label htmlFor={`${formId}-reason`}>Reason for the correction</label>
          <textarea
            id={`${formId}-reason`}
            rows={2}
            maxLength={2000}
            value={input.reason}
            onChange={(e) => set('reason', e.target.value)}
            aria-invalid={errors.reason ? true : undefined}
            aria-describedby={describedBy('reason')}
          />
          {fieldError('reason')}
          {failure && (
            <p role="alert" className="error">
              {failure}
            </p>
          )}
          {!mismatches && (
            <div className="actions">
              <button type="submit" disabled={busy}>
                {busy ? 'Saving…' : 'Save the correction'}
              </button>{' '}
              <Link className="button secondary" to={back}>
                Cancel
              </Link>
            </div>
          )}
        </form>
      )}
      {mismatches && (
        <IdentityMismatchNotice
          mismatches={mismatches}
          what="The patient of the uploaded records"
          confirmLabel="Same patient: save the correction"
          busy={busy}
          onConfirm={(reason) => void send(reason)}
          onCancel={() => setMismatches(null)}
        />
      )}
    </article>
  );
}
