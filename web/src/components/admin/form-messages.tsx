/** The messages of the admin forms: a field's error, the form's alert, and a confirmation. */

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="field-error">
      {message}
    </p>
  ) : null;
}

export function FormAlert({ message }: { message: string | null }) {
  return message ? (
    <p role="alert" className="error">
      {message}
    </p>
  ) : null;
}

export function Notice({ message }: { message: string | null }) {
  return message ? (
    <p role="status" className="notice">
      {message}
    </p>
  ) : null;
}
