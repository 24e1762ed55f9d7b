/**
 * The server refused a file (or an identity correction) whose patient differs from the subject: both
 * values side by side, and the three ways on — cancel (another person's record), correct the subject's
 * identity, or confirm with a reason that it is the same patient (the reason goes to the audit trail).
 */
import { type FormEvent, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import type { IdentityMismatch } from '../../contracts.ts';
import { MISMATCH_FIELD_LABEL } from '../../lib/identity.ts';

export function IdentityMismatchNotice({
  mismatches,
  what,
  correctionHref,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  mismatches: readonly IdentityMismatch[];
  /** "The file's patient" or "The uploaded records' patient". */
  what: string;
  /** The identity correction page, when correcting is the way on; absent on that page itself. */
  correctionHref?: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('give the reason why this is the same patient');
      return;
    }
    onConfirm(reason.trim());
  };
  return (
    <div role="alert" className="identity-mismatch" aria-labelledby={`${id}-title`}>
      <p id={`${id}-title`}>
        <strong>{what} is not the subject as recorded.</strong> Nothing was saved.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Subject</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {mismatches.map((m) => (
            <tr key={m.field}>
              <th scope="row">{MISMATCH_FIELD_LABEL[m.field]}</th>
              <td>{m.subject}</td>
              <td>{m.document}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        <li>Another person’s record: cancel, and upload this subject’s own record.</li>
        {correctionHref && (
          <li>
            The subject’s identity was entered wrong:{' '}
            <Link to={correctionHref}>correct the subject’s identity</Link>, then upload again.
          </li>
        )}
        <li>The same patient (e.g. a corrected birth date in the hospital record): say why, and go on.</li>
      </ul>
      <form onSubmit={submit} noValidate>
        <label htmlFor={`${id}-reason`}>Why this is the same patient</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          rows={2}
          maxLength={2000}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {confirmLabel}
          </button>{' '}
          <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
