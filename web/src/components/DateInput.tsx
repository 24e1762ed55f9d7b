/**
 * A date field: the browser's date picker (`<input type="date">`, whose value is YYYY-MM-DD whatever
 * the display locale), optional bounds (no future birth or sample dates), and — where today is a likely
 * answer (consent, sample, as-of dates; not a birth date) — a "Today" button. "Today" is the trial's
 * date: the server's clock in the trial's time zone once signed in (web/src/lib/dates.ts).
 *
 * The label stays with the caller (`<label htmlFor={id}>`, or `labelledBy`); `label` names the field
 * for the Today button.
 * An incomplete date typed into the field reads as '' (the browser's rule), which callers treat as
 * "no date".
 */
import { withinDates } from '../lib/dates.ts';
import { useToday } from '../session.tsx';

export function DateInput({
  id,
  value,
  onChange,
  label,
  min,
  max,
  offerToday = false,
  invalid = false,
  labelledBy,
  describedBy,
  name,
  required,
  disabled,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** The field's label, for the Today button's accessible name ("Today: Date of the sample"). */
  label: string;
  /** YYYY-MM-DD bounds, kept by the picker (the caller checks a typed date too). */
  min?: string;
  max?: string;
  /** Offer the "Today" button. */
  offerToday?: boolean;
  invalid?: boolean;
  /** The id of the element naming the field, when it is not a `<label htmlFor={id}>`. */
  labelledBy?: string;
  describedBy?: string | undefined;
  name?: string;
  required?: boolean;
  disabled?: boolean;
}) {
  const today = useToday();
  return (
    <span className="date-input">
      <input
        id={id}
        name={name}
        className="date-field"
        type="date"
        value={value}
        min={min}
        max={max}
        required={required}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
      />
      {offerToday && (
        <button
          type="button"
          className="secondary today-button"
          aria-label={`Today: ${label}`}
          title={`Fill in today's date, ${today}`}
          disabled={disabled || !withinDates(today, min, max)}
          onClick={() => onChange(today)}
        >
          Today
        </button>
      )}
    </span>
  );
}
