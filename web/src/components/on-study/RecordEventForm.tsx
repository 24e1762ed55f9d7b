/**
 * Records one study event (POST /api/subjects/:id/events), or corrects one (PATCH with a reason and the
 * version it was made against). The fields follow the kind (lib/on-study.ts); the server checks the
 * whole history and names the field of an impossible fact (a dose level the drug does not have, a date
 * after death, cycles out of order), which is shown beside it.
 */
import { type FormEvent, useId, useState } from 'react';
import { patch, post } from '../../api.ts';
import {
  type CalendarVisit,
  DOSE_ACTIONS,
  END_OF_TREATMENT_REASONS,
  FORM_STATES,
  type ProtocolDocument,
  RESPONSES,
  type SpecimenDue,
  STUDY_EVENT_KINDS,
  type StudyEvent,
  type StudyEventKind,
} from '../../contracts.ts';
import type { FieldErrors } from '../../lib/form-errors.ts';
import { formFailureOf } from '../../lib/form-errors.ts';
import {
  doseLevelsOf,
  eventBody,
  FORM_PREFIX,
  type FormValues,
  formValuesOf,
  KIND_FIELDS,
  KIND_LABELS,
  levelLabel,
  levelValue,
} from '../../lib/on-study.ts';
import { useToday } from '../../session.tsx';
import { FieldError, FormAlert } from '../admin/form-messages.tsx';
import { DateInput } from '../DateInput.tsx';

const LABELS: Record<string, string> = {
  cycle: 'Cycle',
  drug: 'Drug',
  date: 'Date',
  action: 'Action',
  level: 'Dose level',
  daysTaken: 'Days taken (oral)',
  pillsDispensed: 'Pills dispensed',
  pillsReturned: 'Pills returned',
  reason: 'Reason',
  visitId: 'Visit',
  weightKg: 'Weight (kg)',
  ecog: 'ECOG performance status',
  systolicMmHg: 'Systolic BP (mmHg)',
  diastolicMmHg: 'Diastolic BP (mmHg)',
  heartRate: 'Heart rate (/min)',
  contactAttempts: 'Contact attempts',
  response: 'Overall response (RECIST 1.1)',
  details: 'Details',
  vitalStatus: 'Vital status',
  therapyName: 'New anticancer therapy',
  therapyStart: 'Its start date',
  lostToFollowUp: 'Lost to follow-up',
  cause: 'Cause of death',
  scope: 'Withdrawn from',
  specimenId: 'Specimen',
  timepoint: 'Time point',
  status: 'Collected?',
  containerId: 'Tube or block ID',
  shippedOn: 'Shipped on',
  receivedOn: 'Received by the lab on',
};
const DATES = new Set(['date', 'therapyStart', 'shippedOn', 'receivedOn']);

export function RecordEventForm({
  subjectId,
  protocol,
  drugs,
  visits,
  specimens,
  correcting,
  onSaved,
  onCancel,
}: {
  subjectId: string;
  protocol: ProtocolDocument | null;
  /** The subject's drugs (its arm's, with the inhibitor it takes). */
  drugs: string[];
  visits: CalendarVisit[];
  /** The specimens due from the subject (their IDs and time points fill the selects). */
  specimens: SpecimenDue[];
  /** The event being corrected; a new one is recorded otherwise. */
  correcting?: StudyEvent;
  onSaved: (event: StudyEvent, summary: string) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const today = useToday();
  const [kind, setKind] = useState<StudyEventKind>(correcting?.kind ?? 'cycle-start');
  const [values, setValues] = useState<FormValues>(() =>
    correcting ? formValuesOf(correcting) : { date: today, action: 'given', drug: drugs[0] },
  );
  const [reason, setReason] = useState('');
  const [fields, setFields] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (name: string, value: string | boolean) => setValues((v) => ({ ...v, [name]: value }));
  // The forms the chosen visit's kind requires (protocol.yaml schedule.visitForms).
  const chosen = visits.find((v) => v.id === values.visitId);
  const visitForms = chosen && protocol ? protocol.schedule.visitForms[chosen.kind] : [];
  const scheduled = visits.filter((v) => v.status !== 'cancelled' && !v.id.includes('-U'));
  const open = visits.filter((v) => v.status !== 'done' && v.status !== 'cancelled' && !v.id.includes('-U'));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFields({});
    const data = eventBody(kind, values);
    try {
      const saved = correcting
        ? await patch<StudyEvent>(`/api/subjects/${subjectId}/events/${correcting.id}`, {
            version: correcting.version,
            data,
            reason,
          })
        : await post<StudyEvent>(`/api/subjects/${subjectId}/events`, data);
      onSaved(saved, `${correcting ? 'Corrected' : 'Recorded'}: ${KIND_LABELS[kind].toLowerCase()}.`);
      if (!correcting) setValues((v) => ({ date: v.date, action: 'given', drug: v.drug }));
    } catch (caught) {
      const failure = formFailureOf(caught);
      // A correction's fields sit under `data.`.
      setFields(
        Object.fromEntries(Object.entries(failure.fields).map(([k, m]) => [k.replace(/^data\./, ''), m])),
      );
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };

  const fieldId = (name: string) => `${id}-${name}`;
  const errorId = (name: string) => `${id}-${name}-error`;
  const fieldOf = (name: string) =>
    name === 'level' ? 'doseMg' : name === 'therapyName' ? 'newAnticancerTherapy.name' : name;
  const aria = (name: string) => ({
    'aria-invalid': fields[fieldOf(name)] ? true : undefined,
    'aria-describedby': fields[fieldOf(name)] ? errorId(name) : undefined,
  });
  const text = (name: string, inputMode?: 'numeric' | 'decimal') => (
    <input
      id={fieldId(name)}
      type="text"
      inputMode={inputMode}
      autoComplete="off"
      value={String(values[name] ?? '')}
      onChange={(e) => set(name, e.target.value)}
      disabled={busy}
      {...aria(name)}
    />
  );
  const select = (name: string, options: readonly (string | { value: string; label: string })[]) => (
    <select
      id={fieldId(name)}
      value={String(values[name] ?? '')}
      onChange={(e) => set(name, e.target.value)}
      disabled={busy}
      {...aria(name)}
    >
      <option value="">—</option>
      {options.map((o) => {
        const { value, label } = typeof o === 'string' ? { value: o, label: o } : o;
        return (
          <option key={value} value={value}>
            {label}
          </option>
        );
      })}
    </select>
  );
  const input = (name: string) => {
    if (DATES.has(name))
      return (
        <DateInput
          id={fieldId(name)}
          label={LABELS[name] ?? name}
          max={today}
          offerToday
          value={String(values[name] ?? '')}
          onChange={(v) => set(name, v)}
          invalid={Boolean(fields[fieldOf(name)])}
          describedBy={fields[fieldOf(name)] ? errorId(name) : undefined}
          disabled={busy}
        />
      );
    switch (name) {
      case 'drug':
        return select(name, drugs);
      case 'action':
        return select(name, DOSE_ACTIONS);
      case 'level':
        return select(
          name,
          doseLevelsOf(protocol, String(values.drug ?? '')).map((l) => ({
            value: levelValue(l),
            label: levelLabel(l),
          })),
        );
      case 'visitId':
        // Vital signs belong to a visit that took place too; a missed visit is one not yet done.
        return select(name, [
          ...(kind === 'visit' ? ['unscheduled'] : []),
          ...(kind === 'visit' ? scheduled : open).map((v) => ({
            value: v.id,
            label: `${v.id} (${v.status}, window ${v.window_start} to ${v.window_end})`,
          })),
          ...(correcting &&
          typeof values.visitId === 'string' &&
          !scheduled.some((v) => v.id === values.visitId)
            ? [values.visitId]
            : []),
        ]);
      case 'response':
        return select(name, RESPONSES);
      case 'reason':
        return kind === 'end-of-treatment' ? select(name, END_OF_TREATMENT_REASONS) : text(name);
      case 'vitalStatus':
        return select(name, ['alive', 'dead']);
      case 'scope':
        return select(name, ['treatment', 'follow-up']);
      case 'specimenId':
        return select(
          name,
          [...new Map(specimens.map((x) => [x.specimenId, x.label])).entries()].map(([value, label]) => ({
            value,
            label,
          })),
        );
      case 'timepoint':
        return select(
          name,
          specimens
            .filter((x) => x.specimenId === values.specimenId)
            .map((x) => ({ value: x.timepoint, label: `${x.timepoint} (${x.status})` })),
        );
      case 'status':
        return select(name, ['collected', 'not-collected']);
      case 'lostToFollowUp':
        return (
          <input
            id={fieldId(name)}
            type="checkbox"
            checked={values[name] === true}
            onChange={(e) => set(name, e.target.checked)}
            disabled={busy}
          />
        );
      case 'cycle':
      case 'daysTaken':
      case 'pillsDispensed':
      case 'pillsReturned':
      case 'ecog':
      case 'systolicMmHg':
      case 'diastolicMmHg':
      case 'heartRate':
      case 'contactAttempts':
        return text(name, 'numeric');
      case 'weightKg':
        return text(name, 'decimal');
      default:
        return text(name);
    }
  };

  return (
    <form
      className="record-event"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={correcting ? 'Correct a study event' : 'Record a study event'}
    >
      <label htmlFor={`${id}-kind`}>What happened</label>
      <select
        id={`${id}-kind`}
        value={kind}
        onChange={(e) => setKind(e.target.value as StudyEventKind)}
        disabled={busy || Boolean(correcting)}
      >
        {STUDY_EVENT_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <div className="form-grid">
        {KIND_FIELDS[kind].map((name) => (
          <div key={name} className="field">
            <label htmlFor={fieldId(name)}>{LABELS[name] ?? name}</label>
            {input(name)}
            <FieldError id={errorId(name)} message={fields[fieldOf(name)]} />
          </div>
        ))}
      </div>
      {correcting && (
        <div className="field">
          <label htmlFor={`${id}-why`}>Reason for the correction</label>
          <input
            id={`${id}-why`}
            type="text"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            disabled={busy}
            required
          />
          <FieldError id={`${id}-why-error`} message={fields.reason} />
        </div>
      )}
      {kind === 'visit' && visitForms.length > 0 && (
        <fieldset className="form-grid">
          <legend>Forms of this visit</legend>
          {visitForms.map((form) => (
            <div key={form} className="field">
              <label htmlFor={fieldId(`${FORM_PREFIX}${form}`)}>{form}</label>
              {select(`${FORM_PREFIX}${form}`, FORM_STATES)}
            </div>
          ))}
        </fieldset>
      )}
      <FormAlert message={error} />
      <button type="submit" disabled={busy}>
        {correcting ? 'Save the correction' : 'Record'}
      </button>
      {onCancel && (
        <button type="button" className="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
      )}
    </form>
  );
}
