/**
 * Re-screen as of a date (T0, the planned randomization date): every window — 28 days for labs,
 * washouts — is counted back from it. Randomization needs a result as of today.
 */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import { isIsoDate } from '../../lib/answers.ts';
import { isoDateIn } from '../../lib/subject-format.ts';
import type { ScreeningRun } from '../../lib/subject-types.ts';
import { describeError } from './errors.ts';

export function RescreenForm({
  subjectId,
  currentAsOf,
  onScreened,
}: {
  subjectId: string;
  currentAsOf: string | null;
  onScreened: (result: ScreeningRun) => void;
}) {
  const id = useId();
  const [asOf, setAsOf] = useState(() => isoDateIn(new Date()));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDate(asOf)) {
      setError('enter a date as YYYY-MM-DD');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onScreened(await post<ScreeningRun>(`/api/subjects/${subjectId}/screenings`, { asOf }));
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Re-screen</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-asof`}>Re-screen as of</label>
        <input
          id={`${id}-asof`}
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          autoComplete="off"
          value={asOf}
          onChange={(e) => setAsOf(e.target.value)}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          aria-invalid={error ? true : undefined}
        />
        <p id={`${id}-hint`} className="muted">
          A date as YYYY-MM-DD. Windows (28 days for labs, washouts) are counted back from it.{' '}
          {currentAsOf ? `The current result is as of ${currentAsOf}. ` : ''}
          Randomization needs a result as of today.
        </p>
        {error && (
          <p id={`${id}-error`} role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Screening…' : 'Re-screen'}
        </button>
      </form>
    </section>
  );
}
