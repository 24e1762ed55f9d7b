/** The reason every admin change asks for; the server keeps it in the audit trail. */
import { FieldError } from './form-messages.tsx';

export function ReasonField({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <>
      <label htmlFor={id}>Reason for the change</label>
      <p id={`${id}-hint`} className="muted hint">
        Kept in the audit trail with your name and the time.
      </p>
      <textarea
        id={id}
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        required
      />
      <FieldError id={`${id}-error`} message={error} />
    </>
  );
}
