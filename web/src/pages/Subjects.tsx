/**
 * The caller's subjects (GET /api/subjects, filtered by status and site; the filters live in the URL so
 * a filtered list can be bookmarked), and the "New subject" form for site coordinators and investigators.
 */
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, get, post } from '../api.ts';
import { SubjectStatusBadge } from '../components/screening/badges.tsx';
import { describeError } from '../components/screening/errors.ts';
import { Time } from '../components/screening/Time.tsx';
import { visibleSiteIds } from '../lib/site-access.ts';
import {
  type FieldMessages,
  fieldOfPath,
  type NewSubjectField,
  type NewSubjectInput,
  normalizeInitials,
  validateNewSubject,
} from '../lib/subject-form.ts';
import { isoDateIn, SEX_LABEL, SUBJECT_STATUS_LABEL } from '../lib/subject-format.ts';
import { SEXES, type SiteSummary, SUBJECT_STATUSES, type Subject } from '../lib/subject-types.ts';
import { sitesWith, useSession } from '../session.tsx';

export default function Subjects() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const siteId = params.get('site') ?? '';
  const [subjects, setSubjects] = useState<Subject[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sites, setSites] = useState<SiteSummary[]>([]);

  useEffect(() => {
    let live = true;
    get<SiteSummary[]>('/api/sites')
      .then((s) => live && setSites(s))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    let live = true;
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (siteId) query.set('siteId', siteId);
    setSubjects(null);
    get<Subject[]>(`/api/subjects${query.size ? `?${query}` : ''}`)
      .then((list) => {
        if (!live) return;
        setSubjects(list);
        setError(null);
      })
      .catch((e: unknown) => live && setError(describeError(e)));
    return () => {
      live = false;
    };
  }, [status, siteId]);

  const roles = session?.roles ?? [];
  const siteName = (id: string) => sites.find((s) => s.id === id)?.name ?? id;
  const filterSites = visibleSiteIds(
    roles,
    sites.map((s) => s.id),
  );
  const enrolSites = sitesWith(session, 'coordinator', 'investigator');

  const setFilter = (name: 'status' | 'site', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <div className="subjects-page">
      <h1>Subjects</h1>
      {enrolSites.length > 0 && <NewSubject sites={enrolSites} siteName={siteName} />}

      <section aria-labelledby="subject-list-heading">
        <h2 id="subject-list-heading">Your subjects</h2>
        <form className="filters-row" onSubmit={(e) => e.preventDefault()}>
          <div>
            <label htmlFor="filter-status">Status</label>
            <select id="filter-status" value={status} onChange={(e) => setFilter('status', e.target.value)}>
              <option value="">All statuses</option>
              {SUBJECT_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {SUBJECT_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-site">Site</label>
            <select id="filter-site" value={siteId} onChange={(e) => setFilter('site', e.target.value)}>
              <option value="">All your sites</option>
              {filterSites.map((id) => (
                <option key={id} value={id}>
                  {siteName(id)}
                </option>
              ))}
            </select>
          </div>
        </form>
        {error && (
          <p role="alert" className="error">
            The subjects could not be loaded: {error}
          </p>
        )}
        {!subjects && !error && <p role="status">Loading subjects…</p>}
        {subjects && (
          <>
            <p className="muted" aria-live="polite">
              {subjects.length} {subjects.length === 1 ? 'subject' : 'subjects'}
              {status || siteId ? ' match the filters' : ''}.
            </p>
            {subjects.length > 0 && (
              <div className="table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Study ID</th>
                      <th scope="col">Site</th>
                      <th scope="col">Initials</th>
                      <th scope="col">Birth date</th>
                      <th scope="col">Sex</th>
                      <th scope="col">Status</th>
                      <th scope="col">Created</th>
                    </tr>
                  </thead>
                  <tbody>
                    {subjects.map((s) => (
                      <tr key={s.id}>
                        <th scope="row">
                          <Link to={`/subjects/${s.id}`}>{s.studyId}</Link>
                        </th>
                        <td>{siteName(s.siteId)}</td>
                        <td>{s.initials}</td>
                        <td>{s.birthDate}</td>
                        <td>{SEX_LABEL[s.sex] ?? s.sex}</td>
                        <td>
                          <SubjectStatusBadge status={s.status} />
                        </td>
                        <td>
                          <Time iso={s.createdAt} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </section>
    </div>
  );
}

const EMPTY: NewSubjectInput = { siteId: '', initials: '', birthDate: '', sex: '' };

function NewSubject({ sites, siteName }: { sites: string[]; siteName: (id: string) => string }) {
  const id = useId();
  const navigate = useNavigate();
  const [input, setInput] = useState<NewSubjectInput>(() => ({
    ...EMPTY,
    siteId: sites.length === 1 ? (sites[0] as string) : '',
  }));
  const [errors, setErrors] = useState<FieldMessages>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const today = isoDateIn(new Date());

  const set = (field: NewSubjectField, value: string) => setInput({ ...input, [field]: value });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateNewSubject(input, sites, today);
    setErrors(found);
    setFormError(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const created = await post<Subject>('/api/subjects', {
        siteId: input.siteId,
        initials: normalizeInitials(input.initials),
        birthDate: input.birthDate,
        sex: input.sex,
      });
      navigate(`/subjects/${created.id}`);
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
          <input
            id={`${id}-birth`}
            type="text"
            inputMode="numeric"
            placeholder="YYYY-MM-DD"
            autoComplete="off"
            value={input.birthDate}
            onChange={(e) => set('birthDate', e.target.value)}
            aria-invalid={errors.birthDate ? true : undefined}
            aria-describedby={describedBy('birthDate', `${id}-birth-hint`)}
          />
          <p id={`${id}-birth-hint`} className="muted">
            YYYY-MM-DD, e.g. 1958-09-03.
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
        <div className="form-actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create subject'}
          </button>
        </div>
      </form>
    </section>
  );
}
