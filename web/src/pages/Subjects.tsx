/**
 * The caller's subjects (GET /api/subjects, filtered by status and site; the filters live in the URL so
 * a filtered list can be bookmarked), and the "New subject" form for site coordinators and investigators.
 */
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { get } from '../api.ts';
import { SubjectStatusBadge } from '../components/screening/badges.tsx';
import { describeError } from '../components/screening/errors.ts';
import { Time } from '../components/screening/Time.tsx';
import { NewSubjectForm } from '../components/subject/NewSubjectForm.tsx';
import { type Site, SUBJECT_STATUSES, type Subject } from '../contracts.ts';
import { visibleSiteIds } from '../lib/site-access.ts';
import { SEX_LABEL, SUBJECT_STATUS_LABEL } from '../lib/subject-format.ts';
import { sitesWith, useSession } from '../session.tsx';

export default function Subjects() {
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const siteId = params.get('site') ?? '';
  const [subjects, setSubjects] = useState<Subject[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sites, setSites] = useState<Site[]>([]);

  useEffect(() => {
    let live = true;
    get<Site[]>('/api/sites')
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
      {enrolSites.length > 0 && <NewSubjectForm sites={enrolSites} siteName={siteName} />}

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
