/** A temporary password for a new user or a reset, typed or generated; the user changes it at first sign-in. */
import { browserRandom, MIN_PASSWORD_LENGTH, temporaryPassword } from '../../lib/passwords.ts';
import { FieldError } from './form-messages.tsx';

export function TemporaryPasswordField({
  id,
  value,
  onChange,
  error,
  label = 'Temporary password',
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  label?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <p id={`${id}-hint`} className="muted hint">
        At least {MIN_PASSWORD_LENGTH} characters. Give it to the user in person or by phone; they must change
        it at their first sign-in.
      </p>
      <div className="inline-controls">
        <input
          id={id}
          type="text"
          autoComplete="new-password"
          spellCheck={false}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          required
        />
        <button
          type="button"
          className="secondary"
          onClick={() => onChange(temporaryPassword(browserRandom))}
        >
          Generate
        </button>
      </div>
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}
