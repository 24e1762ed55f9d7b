/**
 * Change your password (POST /api/auth/password): current, new and the new one again. A user whose
 * password was set by an admin comes here first (App's Guard). The server ends the user's other
 * sessions; this one goes on, and the session is read again so the must-change flag clears.
 */
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, post } from '../api.ts';
import { errorText, type FieldErrors, fieldErrorsOf } from '../lib/form-errors.ts';
import { checkPasswordChange, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../lib/passwords.ts';
import { useSession } from '../session.tsx';

type Field = 'currentPassword' | 'newPassword' | 'confirmPassword';

const LABELS: Record<Field, string> = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'New password again',
};

export default function ChangePassword() {
  const { session, refresh } = useSession();
  const navigate = useNavigate();
  const id = useId();
  const [form, setForm] = useState<Record<Field, string>>({
    currentPassword: '',
    newPassword: '',
    confirmPassword: '',
  });
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors = checkPasswordChange(form);
    setFields(errors);
    if (Object.keys(errors).length) {
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await post('/api/auth/password', {
        currentPassword: form.currentPassword,
        newPassword: form.newPassword,
      });
      await refresh();
      navigate('/dashboard', { replace: true });
    } catch (caught) {
      setError(errorText(caught));
      setFields(caught instanceof ApiError ? fieldErrorsOf(caught.fields) : {});
    } finally {
      setBusy(false);
    }
  }

  const input = (name: Field, autoComplete: string, hint?: string) => {
    const errorId = `${id}-${name}-error`;
    const hintId = `${id}-${name}-hint`;
    return (
      <>
        <label htmlFor={`${id}-${name}`}>{LABELS[name]}</label>
        {hint && (
          <p id={hintId} className="muted hint">
            {hint}
          </p>
        )}
        <input
          id={`${id}-${name}`}
          name={name}
          type="password"
          autoComplete={autoComplete}
          value={form[name]}
          onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))}
          aria-invalid={Boolean(fields[name])}
          aria-describedby={
            [fields[name] ? errorId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined
          }
          required
        />
        {fields[name] && (
          <p id={errorId} className="field-error">
            {fields[name]}
          </p>
        )}
      </>
    );
  };

  return (
    <div className="narrow-form">
      <h1>Change your password</h1>
      {session?.mustChangePassword && (
        <p className="notice" role="status">
          Your password was set by an administrator. Choose your own before you go on.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
        {input('currentPassword', 'current-password')}
        {input(
          'newPassword',
          'new-password',
          `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters; a few unrelated words make a good one. Your other sessions end.`,
        )}
        {input('confirmPassword', 'new-password')}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Changing…' : 'Change password'}
          </button>
        </p>
      </form>
    </div>
  );
}
