/**
 * Sign-in: username and password, and the 6-digit TOTP code when the server asks for it (accounts
 * with TOTP answer 401 with `totpRequired`). A locked account is said to be locked, for how long and
 * until when (401 with `account_locked`). Afterwards the user goes back to the page that sent them
 * here, or to the dashboard; App's Guard sends a user who must change the password to that page.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { errorText, type FieldErrors, fieldErrorsOf } from '../lib/form-errors.ts';
import { accountLockOf, lockSentence, needsTotp, signInTarget, totpCode } from '../lib/sign-in.ts';
import { formatDateTime } from '../lib/subject-format.ts';
import { useSession } from '../session.tsx';

export default function SignIn() {
  const { session, loading, expired, signIn } = useSession();
  const location = useLocation();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<FieldErrors>({});
  const totpInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (askTotp) totpInput.current?.focus();
  }, [askTotp]);

  if (loading) return <p role="status">Loading…</p>;
  // Signed in (now, or already when the page opened): on to where the user was going.
  if (session) return <Navigate to={signInTarget(location.state, session.mustChangePassword)} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const errors: FieldErrors = {};
    if (!username.trim()) errors.username = 'enter your username';
    if (!password) errors.password = 'enter your password';
    const code = askTotp ? totpCode(totp) : undefined;
    if (askTotp && !code) errors.totp = 'enter the 6 digits your authenticator app shows';
    setFields(errors);
    if (Object.keys(errors).length) {
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password, code ?? undefined);
    } catch (caught) {
      if (needsTotp(caught)) {
        setAskTotp(true);
        setFields({});
      } else {
        const lock = accountLockOf(caught);
        // The lock's end on the reader's own clock and zone: when they may try again.
        setError(lock ? lockSentence(lock, formatDateTime(lock.lockedUntil)) : errorText(caught));
        setFields(caught instanceof ApiError ? fieldErrorsOf(caught.fields) : {});
        if (askTotp) setTotp('');
      }
    } finally {
      setBusy(false);
    }
  }

  const describedBy = (name: string, hint?: string) =>
    [fields[name] ? `${id}-${name}-error` : '', hint ?? ''].filter(Boolean).join(' ') || undefined;
  const fieldError = (name: string) =>
    fields[name] ? (
      <p id={`${id}-${name}-error`} className="field-error">
        {fields[name]}
      </p>
    ) : null;

  return (
    <div className="narrow-form">
      <h1>Sign in</h1>
      {expired && (
        <p role="status" className="notice">
          Your session ended; sign in again.
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate aria-busy={busy}>
        <label htmlFor={`${id}-username`}>Username</label>
        <input
          id={`${id}-username`}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={Boolean(fields.username)}
          aria-describedby={describedBy('username')}
          required
        />
        {fieldError('username')}
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={Boolean(fields.password)}
          aria-describedby={describedBy('password')}
          required
        />
        {fieldError('password')}
        {askTotp && (
          <>
            <label htmlFor={`${id}-totp`}>Authentication code</label>
            <p id={`${id}-totp-hint`} className="muted hint">
              This account uses two-step sign-in: enter the 6-digit code your authenticator app shows now.
            </p>
            <input
              ref={totpInput}
              id={`${id}-totp`}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={7}
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              aria-invalid={Boolean(fields.totp)}
              aria-describedby={describedBy('totp', `${id}-totp-hint`)}
              required
            />
            {fieldError('totp')}
          </>
        )}
        <p>
          <button type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </p>
      </form>
      {busy && (
        <p role="status" className="visually-hidden">
          Signing in…
        </p>
      )}
    </div>
  );
}
