/**
 * A lab result typed in (issue 6): lab, value, unit and date, checked in the browser (lib/lab-result.ts),
 * then POST /api/subjects/:id/lab-results, which stores it as a FHIR Observation and re-screens.
 */
import { type FormEvent, useId, useState } from 'react';
import { post } from '../../api.ts';
import type { FieldErrors } from '../../lib/form-errors.ts';
import { formFailureOf } from '../../lib/form-errors.ts';
import {
  type EnterableLab,
  type LabResultBody,
  type LabResultDraft,
  labOptionLabel,
  labResultBody,
} from '../../lib/lab-result.ts';
import { isoDateIn } from '../../lib/subject-format.ts';
import type { DocumentUploaded } from '../../lib/subject-types.ts';
import { FieldError, FormAlert } from '../admin/form-messages.tsx';

const emptyDraft = (): LabResultDraft => ({ labId: '', value: '', unit: '', date: isoDateIn(new Date()) });

export function LabResultForm({
  subjectId,
  labs,
  onSaved,
}: {
  subjectId: string;
  labs: EnterableLab[];
  onSaved: (result: DocumentUploaded, entered: LabResultBody, lab: EnterableLab) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<LabResultDraft>(emptyDraft);
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const lab = labs.find((l) => l.id === draft.labId);

  const set = (name: keyof LabResultDraft, value: string) => setDraft((d) => ({ ...d, [name]: value }));
  const chooseLab = (labId: string) =>
    setDraft((d) => ({ ...d, labId, unit: labs.find((l) => l.id === labId)?.unit ?? '' }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = labResultBody(draft, isoDateIn(new Date()));
    if (!checked.ok) {
      setFields(checked.fields);
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setFields({});
    setError(null);
    try {
      const result = await post<DocumentUploaded>(`/api/subjects/${subjectId}/lab-results`, checked.body);
      setDraft(emptyDraft());
      if (lab) onSaved(result, checked.body, lab);
    } catch (caught) {
      const failure = formFailureOf(caught);
      setFields(failure.fields);
      setError(`Saving failed: ${failure.message}`);
    } finally {
      setBusy(false);
    }
  };

  /** The props that tie an input to its hint and its error. */
  const described = (name: keyof LabResultDraft, hint?: string) => ({
    id: `${id}-${name}`,
    'aria-invalid': fields[name] ? true : undefined,
    'aria-describedby':
      [hint, fields[name] ? `${id}-${name}-error` : undefined].filter(Boolean).join(' ') || undefined,
  });

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Enter a lab result</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-labId`}>Lab</label>
        <select
          {...described('labId')}
          value={draft.labId}
          onChange={(e) => chooseLab(e.target.value)}
          disabled={busy}
        >
          <option value="">Choose a lab…</option>
          {labs.map((l) => (
            <option key={l.id} value={l.id}>
              {labOptionLabel(l)}
            </option>
          ))}
        </select>
        <FieldError id={`${id}-labId-error`} message={fields.labId} />

        <label htmlFor={`${id}-value`}>Value</label>
        <input
          {...described('value')}
          type="number"
          step="any"
          inputMode="decimal"
          autoComplete="off"
          value={draft.value}
          onChange={(e) => set('value', e.target.value)}
          disabled={busy}
        />
        <FieldError id={`${id}-value-error`} message={fields.value} />

        <label htmlFor={`${id}-unit`}>Unit</label>
        <input
          {...described('unit', `${id}-unit-hint`)}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft.unit}
          onChange={(e) => set('unit', e.target.value)}
          disabled={busy}
        />
        <p id={`${id}-unit-hint`} className="muted">
          A UCUM unit{lab ? `; ${lab.name} is screened in ${lab.unit}` : ''}. Another unit of the same kind is
          converted (e.g. /uL for 10*9/L).
        </p>
        <FieldError id={`${id}-unit-error`} message={fields.unit} />

        <label htmlFor={`${id}-date`}>Date of the sample</label>
        <input
          {...described('date', `${id}-date-hint`)}
          type="text"
          inputMode="numeric"
          placeholder="YYYY-MM-DD"
          autoComplete="off"
          value={draft.date}
          onChange={(e) => set('date', e.target.value)}
          disabled={busy}
        />
        <p id={`${id}-date-hint`} className="muted">
          A date as YYYY-MM-DD, not after today.
        </p>
        <FieldError id={`${id}-date-error`} message={fields.date} />

        <FormAlert message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save lab result'}
        </button>
      </form>
    </section>
  );
}
