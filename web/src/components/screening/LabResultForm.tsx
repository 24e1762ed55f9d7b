/**
 * Lab results typed in as a panel: one sample date and a row per lab the protocol screens (value and
 * unit, the unit prefilled with the one it is screened in), checked in the browser (lib/lab-result.ts);
 * the filled rows go in one POST /api/subjects/:id/lab-panels, stored as one FHIR Bundle of
 * Observations and screened once.
 */
import { type FormEvent, useId, useState } from 'react';
import { ApiError, post } from '../../api.ts';
import type { DocumentUploaded, LabPanelBody } from '../../contracts.ts';
import type { FieldErrors } from '../../lib/form-errors.ts';
import { errorText } from '../../lib/form-errors.ts';
import {
  describePanel,
  type EnterableLab,
  emptyPanel,
  type LabPanelDraft,
  labPanelBody,
  panelFieldOf,
} from '../../lib/lab-result.ts';
import { useToday } from '../../session.tsx';
import { FieldError, FormAlert } from '../admin/form-messages.tsx';
import { DateInput } from '../DateInput.tsx';

export function LabResultForm({
  subjectId,
  labs,
  onSaved,
}: {
  subjectId: string;
  labs: EnterableLab[];
  /** `summary`: "2 lab results of 2026-03-28: Platelet count 210000 /uL, ANC 2.1 10*9/L". */
  onSaved: (result: DocumentUploaded, summary: string) => void;
}) {
  const id = useId();
  const today = useToday();
  const [draft, setDraft] = useState<LabPanelDraft>(() => emptyPanel(labs, today));
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setRow = (labId: string, part: 'value' | 'unit', text: string) =>
    setDraft((d) => ({
      ...d,
      rows: { ...d.rows, [labId]: { ...(d.rows[labId] ?? { value: '', unit: '' }), [part]: text } },
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = labPanelBody(labs, draft, today);
    if (!checked.ok) {
      setFields(checked.fields);
      setError('Check the fields marked below.');
      return;
    }
    setBusy(true);
    setFields({});
    setError(null);
    const body: LabPanelBody = checked.body;
    try {
      const result = await post<DocumentUploaded>(`/api/subjects/${subjectId}/lab-panels`, body);
      setDraft(emptyPanel(labs, body.date));
      const n = body.results.length;
      onSaved(
        result,
        `${n} lab ${n === 1 ? 'result' : 'results'} of ${body.date}: ${describePanel(labs, body)}`,
      );
    } catch (caught) {
      setFields(
        caught instanceof ApiError
          ? Object.fromEntries(caught.fields.map((f) => [panelFieldOf(f.path, body), f.message]))
          : {},
      );
      setError(`Saving failed: ${errorText(caught)}`);
    } finally {
      setBusy(false);
    }
  };

  const errorId = (name: string) => `${id}-${name.replace('.', '-')}-error`;
  const invalid = (name: string) => ({
    'aria-invalid': fields[name] ? true : undefined,
    'aria-describedby': fields[name] ? errorId(name) : undefined,
  });

  return (
    <section className="panel lab-panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Enter lab results</h3>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <label htmlFor={`${id}-date`}>Date of the samples</label>
        <DateInput
          id={`${id}-date`}
          label="Date of the samples"
          max={today}
          offerToday
          value={draft.date}
          onChange={(value) => setDraft((d) => ({ ...d, date: value }))}
          invalid={Boolean(fields.date)}
          describedBy={fields.date ? errorId('date') : undefined}
          disabled={busy}
        />
        <FieldError id={errorId('date')} message={fields.date} />
        <p className="muted">
          Fill in the values you have; empty rows are not saved. A UCUM unit; another unit of the same kind is
          converted (e.g. /uL for 10*9/L).
        </p>
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">Lab results of one sample date</caption>
            <thead>
              <tr>
                <th scope="col">Lab</th>
                <th scope="col">Value</th>
                <th scope="col">Unit</th>
              </tr>
            </thead>
            <tbody>
              {labs.map((lab) => {
                const row = draft.rows[lab.id] ?? { value: '', unit: lab.unit };
                return (
                  <tr key={lab.id}>
                    <th scope="row" id={`${id}-${lab.id}`}>
                      {lab.name}
                      <div className="muted">screened in {lab.unitLabel ?? lab.unit}</div>
                    </th>
                    <td>
                      <input
                        aria-label={`${lab.name} value`}
                        type="text"
                        inputMode="decimal"
                        autoComplete="off"
                        size={8}
                        value={row.value}
                        onChange={(e) => setRow(lab.id, 'value', e.target.value)}
                        disabled={busy}
                        {...invalid(`${lab.id}.value`)}
                      />
                      <FieldError id={errorId(`${lab.id}.value`)} message={fields[`${lab.id}.value`]} />
                    </td>
                    <td>
                      <input
                        aria-label={`${lab.name} unit`}
                        type="text"
                        autoComplete="off"
                        spellCheck={false}
                        size={8}
                        value={row.unit}
                        onChange={(e) => setRow(lab.id, 'unit', e.target.value)}
                        disabled={busy}
                        {...invalid(`${lab.id}.unit`)}
                      />
                      <FieldError id={errorId(`${lab.id}.unit`)} message={fields[`${lab.id}.unit`]} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <FormAlert message={error} />
        {fields.results && <p className="field-error">{fields.results}</p>}
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save lab results'}
        </button>
      </form>
    </section>
  );
}
