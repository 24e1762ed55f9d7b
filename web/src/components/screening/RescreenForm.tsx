/**
 * Re-screen as of a date (T0, the planned randomization date): every window — 28 days for labs,
 * washouts — is counted back from it. Randomization needs a result as of today.
 */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import type { ScreeningRun } from '../../contracts.ts';
import { isIsoDate } from '../../lib/answers.ts';
import { useToday } from '../../session.tsx';
import { DateInput } from '../DateInput.tsx';
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
  const today = useToday();
  const [asOf, setAsOf] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDate(asOf)) {
      setError('enter the whole date');
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
        {/* No upper bound: a planned randomization date may lie ahead. */}
        <DateInput
          id={`${id}-asof`}
          label="Re-screen as of"
          offerToday
          value={asOf}
          onChange={setAsOf}
          describedBy={`${id}-hint${error ? ` ${id}-error` : ''}`}
          invalid={Boolean(error)}
        />
        <p id={`${id}-hint`} className="muted">
          Today ({today}) or the planned randomization date. Windows (28 days for labs, washouts) are counted
          back from it. {currentAsOf ? `The current result is as of ${currentAsOf}. ` : ''}
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
