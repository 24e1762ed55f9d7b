/**
 * The "New subject" form for site coordinators and investigators: minimal identifying data, checked as
 * the server checks it. Before creating, it asks the server for subjects (at any site) with the same
 * initials, birth date and sex: if there are, they are shown and the user creates only after saying so.
 */
import { type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, post } from '../../api.ts';
import { type CreatedSubject, type DuplicateCheck, type PossibleDuplicate, SEXES } from '../../contracts.ts';
import { describeDuplicate } from '../../lib/identity.ts';
import {
  type FieldMessages,
  fieldOfPath,
  type NewSubjectField,
  type NewSubjectInput,
  normalizeInitials,
  validateNewSubject,
} from '../../lib/subject-form.ts';
import { SEX_LABEL } from '../../lib/subject-format.ts';
import { useToday } from '../../session.tsx';
import { DateInput } from '../DateInput.tsx';
import { describeError } from '../screening/errors.ts';

const EMPTY: NewSubjectInput = { siteId: '', initials: '', birthDate: '', sex: '' };

export function NewSubjectForm({ sites, siteName }: { sites: string[]; siteName: (id: string) => string }) {
  const id = useId();
  const navigate = useNavigate();
  const [input, setInput] = useState<NewSubjectInput>(() => ({
    ...EMPTY,
    siteId: sites.length === 1 ? (sites[0] as string) : '',
  }));
  const [errors, setErrors] = useState<FieldMessages>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = useToday();

  const set = (field: NewSubjectField, value: string) => {
    setInput({ ...input, [field]: value });
    setDuplicates(null);
  };

  /** Shown once the server found possible duplicates; creating then needs a second click. */
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);

  const body = () => ({
    siteId: input.siteId,
    initials: normalizeInitials(input.initials),
    birthDate: input.birthDate,
    sex: input.sex,
  });
  const create = async () => {
    const created = await post<CreatedSubject>('/api/subjects', body());
    navigate(`/subjects/${created.id}`);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateNewSubject(input, sites, today);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      if (duplicates) return await create();
      const check = await post<DuplicateCheck>('/api/subjects/duplicate-check', body());
      if (check.possibleDuplicates.length) {
        setDuplicates(check.possibleDuplicates);
        setBusy(false);
        return;
      }
      await create();
    } catch (e) {
      const fields: FieldMessages = {};
      if (e instanceof ApiError)
        for (const f of e.fields) {
          const name = fieldOfPath(f.path);
          if (name in EMPTY) fields[name as NewSubjectField] ??= f.message;
        }
      setErrors(fields);
      setFormError(describeError(e));
      setBusy(false);
    }
  };

  const describedBy = (field: NewSubjectField, hint?: string) =>
    [hint, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const fieldError = (field: NewSubjectField) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;
  const invalid = Object.keys(errors).length > 0;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>New subject</h2>
      <p className="muted">
        Minimal identifying data only: initials, birth date and sex. The study ID is assigned on creation.
      </p>
      <form onSubmit={(e) => void submit(e)} noValidate className="new-subject">
        <div>
          <label htmlFor={`${id}-site`}>Site</label>
          <select
            id={`${id}-site`}
            value={input.siteId}
            onChange={(e) => set('siteId', e.target.value)}
            aria-invalid={errors.siteId ? true : undefined}
            aria-describedby={describedBy('siteId')}
          >
            {sites.length > 1 && <option value="">Choose a site…</option>}
            {sites.map((s) => (
              <option key={s} value={s}>
                {siteName(s)}
              </option>
            ))}
          </select>
          {fieldError('siteId')}
        </div>
        <div>
          <label htmlFor={`${id}-initials`}>Initials</label>
          <input
            id={`${id}-initials`}
            value={input.initials}
            maxLength={8}
            autoComplete="off"
            autoCapitalize="characters"
            onChange={(e) => set('initials', e.target.value)}
            onBlur={(e) => set('initials', normalizeInitials(e.target.value))}
            aria-invalid={errors.initials ? true : undefined}
            aria-describedby={describedBy('initials', `${id}-initials-hint`)}
          />
          <p id={`${id}-initials-hint`} className="muted">
            One to three letters, e.g. AL.
          </p>
          {fieldError('initials')}
        </div>
        <div>
          <label htmlFor={`${id}-birth`}>Birth date</label>
          {/* No "Today" button: today is never a screening patient's birth date. */}
          <DateInput
            id={`${id}-birth`}
            label="Birth date"
            max={today}
            value={input.birthDate}
            onChange={(value) => set('birthDate', value)}
            invalid={Boolean(errors.birthDate)}
            describedBy={describedBy('birthDate', `${id}-birth-hint`)}
          />
          <p id={`${id}-birth-hint`} className="muted">
            Not in the future.
          </p>
          {fieldError('birthDate')}
        </div>
        <div>
          <label htmlFor={`${id}-sex`}>Sex</label>
          <select
            id={`${id}-sex`}
            value={input.sex}
            onChange={(e) => set('sex', e.target.value)}
            aria-invalid={errors.sex ? true : undefined}
            aria-describedby={describedBy('sex')}
          >
            <option value="">Choose…</option>
            {SEXES.map((s) => (
              <option key={s} value={s}>
                {SEX_LABEL[s]}
              </option>
            ))}
          </select>
          {fieldError('sex')}
        </div>
        {(formError || invalid) && (
          <p role="alert" className="error">
            {formError ?? 'Check the fields marked above.'}
          </p>
        )}
        {duplicates && (
          <div role="alert" className="duplicates">
            <p>
              <strong>This may be a subject already on record.</strong> Check before creating another:
            </p>
            <ul>
              {duplicates.map((d, i) => (
                <li key={d.subjectId ?? `hidden-${i}`}>{describeDuplicate(d)}</li>
              ))}
            </ul>
            <p>A person screened again after a screen failure is a new subject; the same screening is not.</p>
          </div>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : duplicates ? 'Create a new subject anyway' : 'Create subject'}
          </button>
        </div>
      </form>
    </section>
  );
}
